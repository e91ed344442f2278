package dev.cascade.node.link;

/** Which end of a tier link the peer is, seen from this node. */
public enum LinkRole {
    PARENT, CHILD
}
