/**
 * Geospatial indexes (Redis's geo.c, geohash.c, geohash_helper.c): points stored in ordinary sorted sets with a
 * 52-bit interleaved geohash as score. GEOADD, GEODIST, GEOHASH, GEOPOS, GEOSEARCH, GEOSEARCHSTORE and the
 * GEORADIUS family, with Redis's search boxes, distance formula and number formatting.
 */
package dev.cinnabar.geo;
