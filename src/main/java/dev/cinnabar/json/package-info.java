/**
 * RedisJSON 2.6's JSON.* commands and the JSON document type: documents stored as parsed Jackson trees
 * ({@link dev.cinnabar.json.JsonValue}, TYPE "ReJSON-RL"), RedisJSON's JSONPath dialect and legacy paths
 * ({@link dev.cinnabar.json.JsonPath}, {@link dev.cinnabar.json.CommandPath}), JSON text read and written byte for
 * byte as RedisJSON's serde_json does ({@link dev.cinnabar.json.JsonText}, {@link dev.cinnabar.json.JsonWriter}),
 * and the module-type RDB encoding ({@link dev.cinnabar.json.JsonRdbCodec}).
 */
package dev.cinnabar.json;
