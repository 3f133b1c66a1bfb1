/**
 * Networking on Netty: listeners for TCP (epoll when available, NIO otherwise), TLS (the same with a TLS handler in
 * front, see {@code dev.cinnabar.tls}) and unix sockets; protected mode, which turns non-local clients away while
 * the default user has no password; and the per-connection handler that feeds bytes to the request parser, runs
 * whole pipelined batches under the execution lock and writes the batch's replies with one flush; a client that
 * stops reading its replies stops being read (back-pressure) unless its class has a hard output limit.
 */
package dev.cinnabar.network;
