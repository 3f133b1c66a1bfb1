/**
 * Server configuration: the registry of parameters with their types, defaults and validation (shared by the
 * redis.conf parser, command-line overrides and CONFIG GET/SET), and the redis.conf / argv parser.
 */
package dev.cinnabar.config;
