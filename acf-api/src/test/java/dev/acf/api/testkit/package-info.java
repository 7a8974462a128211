/** Test fixtures shipped with the compatibility kits in the {@code acf-api} test-jar. */
package dev.acf.api.testkit;
