/** The {@code acf} command-line launcher and its sub-commands. */
package dev.acf.cli;
