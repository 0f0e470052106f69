/**
 * Heddle's configuration: YAML read into immutable, validated records. {@link dev.heddle.config.ConfigLoader}
 * is the entry point; every problem it reports names the file, line and column.
 */
package dev.heddle.config;
