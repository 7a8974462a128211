/**
 * Interoperability tests (CLI-5): clients and agents built with the official A2A SDKs (the
 * JavaScript SDK's 1.x and 0.3.x lines, the Java SDK 0.3.x) call ACF agents through the
 * gateway, and the ACF client calls agents built with them, over mutual TLS with ANS
 * certificates. A failure shows the wire exchange the gateway saw and the Node.js output.
 */
@NullMarked
package dev.acf.interop;

import org.jspecify.annotations.NullMarked;
