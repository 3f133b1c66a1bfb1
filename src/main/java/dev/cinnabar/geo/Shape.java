package dev.cinnabar.geo;

/**
 * A search area: a circle of a radius, or a box of a width and height, centered on a point, with the unit's size
 * in meters. Membership, distances and the geohash boxes to scan are computed exactly as in Redis, so that points
 * near a border fall on the same side.
 */
final class Shape {
    /** Degrees to radians, as Redis's M_PI / 180.0. */
    static final double D_R = Math.PI / 180.0;
    /** Earth's quadratic mean radius for WGS-84, as Redis uses it. */
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;

    double longitude, latitude;
    boolean circle;
    double radius, width, height;
    double conversion;

    static double degRad(double degrees) {
        return degrees * D_R;
    }

    static double radDeg(double radians) {
        return radians / D_R;
    }

    /** The distance along a meridian between two latitudes. */
    static double latDistance(double lat1, double lat2) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
    }

    /**
     * Points whose approximate distance exceeds the limit by more than this fraction are outside whatever the
     * last bits of the exact distance (Java's functions are within a few units in the last place, and even where
     * asin is ill-conditioned, near antipodes, the error stays far below it).
     */
    private static final double CLEARLY_OUTSIDE = 1 + 1e-6;

    /** The cosine of the center's latitude, exact and approximate, once per search (NaN until computed). */
    private double centerCos = Double.NaN, centerCosApprox;

    /** The haversine formula as Redis writes it, on radians and the two latitudes' cosines, with exact functions. */
    private static double haversine(double lon1r, double lat1r, double lon2r, double lat2r, double cos1, double cos2) {
        double v = GeoMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) return EARTH_RADIUS_IN_METERS * Math.abs(lat2r - lat1r); // same meridian
        double u = GeoMath.sin((lat2r - lat1r) / 2);
        double a = u * u + cos1 * cos2 * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * GeoMath.asin(Math.sqrt(a));
    }

    /**
     * True when Java's fast functions put the point farther than the limit by more than the margin, so that the
     * exact distance is beyond it too. No arcsine: the haversine's "a" grows with the distance, so it is compared
     * with the "a" of the limit (computed once per search and limit).
     */
    private boolean clearlyBeyond(double lon1r, double lat1r, double lon2r, double lat2r, double cos1, double cos2,
                                  double limit) {
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) return EARTH_RADIUS_IN_METERS * Math.abs(lat2r - lat1r) > limit * CLEARLY_OUTSIDE;
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + cos1 * cos2 * v * v;
        if (limit != aLimitFor) {
            double half = limit * CLEARLY_OUTSIDE / (2.0 * EARTH_RADIUS_IN_METERS);
            aLimit = half >= Math.PI / 2 ? Double.POSITIVE_INFINITY : Math.pow(Math.sin(half), 2);
            aLimitFor = limit;
        }
        return a > aLimit;
    }

    /** The haversine "a" of the last limit clearlyBeyond compared with (NaN until then). */
    private double aLimit, aLimitFor = Double.NaN;

    /** The haversine great-circle distance in meters, as Redis computes it. */
    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lat1r = degRad(lat1), lat2r = degRad(lat2);
        return haversine(degRad(lon1), lat1r, degRad(lon2), lat2r, GeoMath.cos(lat1r), GeoMath.cos(lat2r));
    }

    /**
     * The distance in meters from the center to a point if the point lies within the shape, else -1. A box is
     * judged by the distance along the meridian and along the point's parallel. Most candidates of the scanned
     * boxes are well outside: a fast estimate rejects them, and only the rest pay for the exact computation that
     * decides borderline cases and gives the reported distance.
     */
    double distanceIfWithin(double lon, double lat) {
        double centerLonR = degRad(longitude), centerLatR = degRad(latitude);
        if (Double.isNaN(centerCos)) {
            centerCos = GeoMath.cos(centerLatR);
            centerCosApprox = Math.cos(centerLatR);
        }
        double lonR = degRad(lon), latR = degRad(lat);
        if (circle) {
            double limit = radius * conversion;
            if (clearlyBeyond(centerLonR, centerLatR, lonR, latR, centerCosApprox, Math.cos(latR), limit)) return -1;
            double d = haversine(centerLonR, centerLatR, lonR, latR, centerCos, GeoMath.cos(latR));
            return d > limit ? -1 : d;
        }
        double widthM = width * conversion, heightM = height * conversion;
        if (latDistance(lat, latitude) > heightM / 2) return -1;
        double cosApprox = Math.cos(latR);
        if (clearlyBeyond(lonR, latR, centerLonR, latR, cosApprox, cosApprox, widthM / 2)) return -1;
        double cos = GeoMath.cos(latR);
        if (haversine(lonR, latR, centerLonR, latR, cos, cos) > widthM / 2) return -1;
        return haversine(centerLonR, centerLatR, lonR, latR, centerCos, cos);
    }

    /** Redis's estimate of the geohash step whose boxes are about the size of the search radius. */
    static int stepsForRadius(double rangeMeters, double lat) {
        if (rangeMeters == 0) return 26;
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) step--;
        }
        return Math.max(1, Math.min(26, step));
    }

    /**
     * The nine geohash boxes to scan, in Redis's order (the center's box, then N, S, E, W, NE, NW, SE, SW); boxes
     * that cannot hold a point of the shape are {@link GeoHash.Bits#NONE}.
     */
    GeoHash.Bits[] searchBoxes() {
        double h = conversion * (circle ? radius : height / 2);
        double w = conversion * (circle ? radius : width / 2);
        double latDelta = radDeg(h / EARTH_RADIUS_IN_METERS);
        double longDeltaTop = radDeg(w / EARTH_RADIUS_IN_METERS / GeoMath.cos(degRad(latitude + latDelta)));
        double longDeltaBottom = radDeg(w / EARTH_RADIUS_IN_METERS / GeoMath.cos(degRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        double minLon = southern ? longitude - longDeltaBottom : longitude - longDeltaTop;
        double maxLon = southern ? longitude + longDeltaBottom : longitude + longDeltaTop;
        double minLat = latitude - latDelta;
        double maxLat = latitude + latDelta;

        double radiusMeters = circle ? radius : Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2));
        radiusMeters *= conversion;
        int steps = stepsForRadius(radiusMeters, latitude);
        GeoHash.Bits hash = GeoHash.encode(longitude, latitude, steps);
        GeoHash.Bits[] boxes = boxesAround(hash);
        // If a neighbour does not reach the edge of the search area, the boxes are too small: use the next step up.
        boolean decrease = GeoHash.decode(boxes[1]).latMax() < maxLat
                || GeoHash.decode(boxes[2]).latMin() > minLat
                || GeoHash.decode(boxes[3]).longMax() < maxLon
                || GeoHash.decode(boxes[4]).longMin() > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = GeoHash.encode(longitude, latitude, steps);
            boxes = boxesAround(hash);
        }
        GeoHash.Area area = GeoHash.decode(hash);
        if (steps >= 2) {
            if (area.latMin() < minLat) clear(boxes, 2, 8, 7);  // south, south-west, south-east
            if (area.latMax() > maxLat) clear(boxes, 1, 5, 6);  // north, north-east, north-west
            if (area.longMin() < minLon) clear(boxes, 4, 8, 6); // west, south-west, north-west
            if (area.longMax() > maxLon) clear(boxes, 3, 7, 5); // east, south-east, north-east
        }
        return boxes;
    }

    private static GeoHash.Bits[] boxesAround(GeoHash.Bits hash) {
        return new GeoHash.Bits[] {
            hash,
            GeoHash.neighbour(hash, 0, 1),   // north
            GeoHash.neighbour(hash, 0, -1),  // south
            GeoHash.neighbour(hash, 1, 0),   // east
            GeoHash.neighbour(hash, -1, 0),  // west
            GeoHash.neighbour(hash, 1, 1),   // north-east
            GeoHash.neighbour(hash, -1, 1),  // north-west
            GeoHash.neighbour(hash, 1, -1),  // south-east
            GeoHash.neighbour(hash, -1, -1), // south-west
        };
    }

    private static void clear(GeoHash.Bits[] boxes, int... indexes) {
        for (int i : indexes) boxes[i] = GeoHash.Bits.NONE;
    }
}
