package dev.heddle.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePatternTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "/api/ask, /api/ask, true",
        "/api/ask, /api/ask/, false",
        "/api/ask, /api/asked, false",
        "/api/*, /api/ask, true",
        "/api/*, /api, false",
        "/api/*, /api/ask/v2, false",
        "/api/**, /api, true",
        "/api/**, /api/ask, true",
        "/api/**, /api/ask/v2/x, true",
        "/api/**, /apix, false",
        "/**/ask, /ask, true",
        "/**/ask, /a/b/ask, true",
        "/**/ask, /a/b/asks, false",
        "/api/*.json, /api/report.json, true",
        "/api/*.json, /api/report.xml, false",
        "/api/v*/ask, /api/v2/ask, true",
        "/api/v*/ask, /api/x2/ask, false",
        "/a*b*c, /abc, true",
        "/a*b*c, /aXbYc, true",
        "/a*b*c, /acb, false",
        "/a*a, /a, false",
        "/, /, true",
        "/**, /anything/at/all, true"
    })
    void aPatternMatchesWholePathsSegmentBySegment(String pattern, String path, boolean matches) {
        assertThat(RoutePattern.of(pattern).matches(path)).isEqualTo(matches);
    }

    @Test
    void aPathWithoutItsLeadingSlashNeverMatches() {
        assertThat(RoutePattern.of("/**").matches("api")).isFalse();
    }

    @Test
    void aPatternMustStartWithASlash() {
        assertThatThrownBy(() -> RoutePattern.of("api/**")).isInstanceOf(IllegalArgumentException.class);
    }
}
