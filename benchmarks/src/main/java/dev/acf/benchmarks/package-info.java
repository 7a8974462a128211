/**
 * JMH benchmarks and load drivers. Build with {@code ./mvnw -B package -pl benchmarks -am -DskipTests}
 * and run {@code java -jar benchmarks/target/benchmarks.jar [regex]}; each prints its figures.
 */
package dev.acf.benchmarks;
