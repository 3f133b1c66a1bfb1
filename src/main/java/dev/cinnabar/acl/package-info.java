/**
 * Access control, as Redis 7.2 does it: ACL users ({@link dev.cinnabar.acl.User}) with selectors of command, key and
 * channel permissions, the rule language of ACL SETUSER and the ACL file, password checks, the permission checks the
 * command path, EXEC and scripts make ({@link dev.cinnabar.acl.Acl}), the ACL log, and the ACL command
 * ({@link dev.cinnabar.acl.AclCommands}).
 */
package dev.cinnabar.acl;
