/**
 * Streamed LLM calls: what Heddle records of a stream while the caller reads it
 * ({@link dev.heddle.stream.StreamRecorder}) and what it keeps of one
 * ({@link dev.heddle.stream.RecordedStream}). The SDK-specific parts (how a stream is teed and
 * replayed) are the presets' {@link dev.heddle.preset.StreamTap}s. See {@code docs/streaming.md}.
 */
package dev.heddle.stream;
