package dev.heddle.experiment;

import dev.heddle.config.ExperimentConfig;
import dev.heddle.config.ExperimentConfig.VariantConfig;

/**
 * A user's variant of one experiment.
 *
 * @param experiment the experiment
 * @param variant the variant the user is assigned to
 */
public record Assignment(ExperimentConfig experiment, VariantConfig variant) {
}
