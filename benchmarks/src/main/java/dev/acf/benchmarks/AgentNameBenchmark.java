package dev.acf.benchmarks;

import dev.acf.api.name.AgentName;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of reading and writing ANS names, which every resolution and every gateway
 * request pays at least once.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AgentNameBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AgentNameBenchmark {
    private final String v2 = "ans://v1.2.0.rca.broadband.ops.example.net";
    private final String v1 = "a2a://textProcessor.DocumentTranslation.AcmeCorp.v2.1.0,hipaa";
    private final AgentName parsed = AgentName.parse(v2);

    /** Parses an ANS v2 name. */
    @Benchmark
    public AgentName parseV2() {
        return AgentName.parse(v2);
    }

    /** Parses an ANS v1 name and maps it to v2. */
    @Benchmark
    public AgentName parseV1() {
        return AgentName.parse(v1);
    }

    /** Formats a parsed name back to text. */
    @Benchmark
    public String format() {
        return parsed.toString();
    }
}
