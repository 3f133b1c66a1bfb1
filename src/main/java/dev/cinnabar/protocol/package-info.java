/**
 * RESP wire format: the incremental request parser (multibulk and inline), the reply writer that speaks RESP2 or
 * RESP3 depending on the client, and the argument splitter shared with the config file parser.
 */
package dev.cinnabar.protocol;
