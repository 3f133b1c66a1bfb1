/**
 * Server configuration: the registry of parameters with their types, defaults and validation (shared by the
 * redis.conf parser, command-line overrides and CONFIG GET/SET), the redis.conf / argv parser, and CONFIG REWRITE
 * ({@code ConfigRewrite}: the started-with file updated in place, as Redis does).
 */
package dev.cinnabar.config;
