package dev.cinnabar.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** "Stores near me" through Jedis: stores indexed with GEOADD, found with GEOSEARCH around a customer. */
class GeoJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    @Test
    void storesNearMe() {
        try (Jedis jedis = cinnabar.jedis()) {
            Map<String, GeoCoordinate> stores = new LinkedHashMap<>();
            stores.put("louvre", new GeoCoordinate(2.3376, 48.8606));
            stores.put("bastille", new GeoCoordinate(2.3690, 48.8532));
            stores.put("defense", new GeoCoordinate(2.2380, 48.8920));
            stores.put("versailles", new GeoCoordinate(2.1204, 48.8049));
            stores.put("lyon", new GeoCoordinate(4.8357, 45.7640));
            assertEquals(5, jedis.geoadd("stores", stores));

            GeoCoordinate me = new GeoCoordinate(2.3522, 48.8566); // Hotel de Ville
            List<GeoRadiusResponse> near = jedis.geosearch("stores", GeoSearchParam.geoSearchParam()
                    .fromLonLat(me).byRadius(10, GeoUnit.KM).withDist().withCoord().asc());
            assertEquals(List.of("louvre", "bastille", "defense"), near.stream().map(GeoRadiusResponse::getMemberByString).toList());
            assertEquals(1.1572, near.get(0).getDistance());
            assertEquals(2.33760148286819458, near.get(0).getCoordinate().getLongitude());

            List<GeoRadiusResponse> nearest = jedis.geosearch("stores", GeoSearchParam.geoSearchParam()
                    .fromMember("versailles").byBox(40, 40, GeoUnit.KM).count(1));
            assertEquals("versailles", nearest.get(0).getMemberByString());

            assertEquals(392.5232, jedis.geodist("stores", "louvre", "lyon", GeoUnit.KM));
            assertNull(jedis.geodist("stores", "louvre", "nowhere"));
            assertEquals(List.of("u09tvny1w50"), jedis.geohash("stores", "louvre"));
            assertEquals(48.8606, jedis.geopos("stores", "louvre").get(0).getLatitude(), 1e-4);

            assertEquals(3, jedis.geosearchStore("near-me", "stores", me, 10, GeoUnit.KM));
            assertEquals(3, jedis.zcard("near-me"));
            assertThrows(JedisDataException.class, () -> jedis.geoadd("stores", 200, 0, "nowhere"));
        }
    }
}
