package dev.heddle.it.web.spring;

import dev.heddle.it.web.ControllerRuns;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells a test how often the other endpoints ran; it does not count itself. */
@RestController
class RunsController {

    @GetMapping("/internal/runs")
    ResponseEntity<String> runs() {
        return ResponseEntity.ok().contentType(ArticleController.TEXT_UTF8).body(Long.toString(ControllerRuns.current()));
    }
}
