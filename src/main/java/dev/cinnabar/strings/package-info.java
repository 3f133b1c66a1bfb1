/** The string type (Redis's t_string): values stored as byte arrays, and the string commands. */
package dev.cinnabar.strings;
