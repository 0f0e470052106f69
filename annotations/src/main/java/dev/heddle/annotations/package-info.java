/**
 * Annotations that ask Heddle to weave a policy around a method. Heddle matches them by name, so
 * an application needs only this small jar at compile time; without the agent they do nothing.
 */
package dev.heddle.annotations;
