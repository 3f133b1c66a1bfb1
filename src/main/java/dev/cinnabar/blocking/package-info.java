/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN and the other blocking commands): who waits for which key, in
 * which order, until when, and how they are woken. A blocked command is re-executed when one of its keys comes
 * into existence with the type it waits for, which keeps every command's logic in one place; the registry only
 * decides who runs and when.
 */
package dev.cinnabar.blocking;
