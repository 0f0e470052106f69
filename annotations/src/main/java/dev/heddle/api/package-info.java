/**
 * The runtime API of Heddle: the {@link dev.heddle.api.Heddle} facade and the exception types that
 * Heddle raises into an application. The agent puts this package on the bootstrap class path.
 */
package dev.heddle.api;
