package dev.acf.ans.graph;

/** The ends of an edge: a caller's subject and the callee as the caller named it. */
record EdgeKey(String caller, String callee) {}
