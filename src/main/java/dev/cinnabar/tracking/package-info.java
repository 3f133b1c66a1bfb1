/**
 * Client-side caching (Redis 7.2's CLIENT TRACKING): which client may hold which key ({@link
 * dev.cinnabar.tracking.Tracking} for the server, {@link dev.cinnabar.tracking.ClientTracking} for one client), the
 * prefixes of broadcasting clients, invalidation messages (RESP3 pushes, or Pub/Sub messages on
 * {@code __redis__:invalidate} through a redirect client), and the CLIENT TRACKING / CACHING / GETREDIR /
 * TRACKINGINFO commands.
 */
package dev.cinnabar.tracking;
