package dev.acf.ans.security;

import dev.acf.api.resolve.Embedder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The curated attack and benign exemplars of {@code injection-exemplars.txt}, embedded once, and
 * the nearest of each kind to a text. Immutable and thread-safe once built.
 */
final class ExemplarLibrary {
    private static final String RESOURCE = "injection-exemplars.txt";

    /** One exemplar. */
    record Exemplar(boolean attack, String category, String text) {}

    /**
     * How close a text is to the library.
     *
     * @param attack the highest cosine similarity to an attack exemplar
     * @param benign the highest cosine similarity to a benign exemplar
     * @param category the category of the nearest attack exemplar
     */
    record Nearest(double attack, double benign, String category) {
        /** Attack similarity minus benign similarity. */
        double margin() {
            return attack - benign;
        }
    }

    private final List<Exemplar> exemplars;
    private final List<float[]> vectors;
    private final Embedder embedder;

    private ExemplarLibrary(List<Exemplar> exemplars, Embedder embedder) {
        this.exemplars = List.copyOf(exemplars);
        this.embedder = embedder;
        this.vectors = List.copyOf(embedder.embedAll(exemplars.stream().map(e -> TextNormalizer.normalize(e.text()).text()).toList()));
    }

    /** Embeds the built-in exemplars with this embedder. */
    static ExemplarLibrary builtIn(Embedder embedder) {
        return new ExemplarLibrary(load(), embedder);
    }

    static List<Exemplar> load() {
        try (InputStream in = ExemplarLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            List<Exemplar> out = new ArrayList<>();
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 3);
                if (f.length != 3 || !(f[0].equals("attack") || f[0].equals("benign"))) {
                    throw new IllegalArgumentException("exemplar line needs attack|benign, category and text separated by tabs: " + line);
                }
                out.add(new Exemplar(f[0].equals("attack"), f[1], f[2]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Embeds a normalized text and returns its nearest attack and benign exemplars. */
    Nearest nearest(String normalized) {
        float[] v = embedder.embed(normalized);
        double attack = -1;
        double benign = -1;
        String category = "none";
        for (int i = 0; i < vectors.size(); i++) {
            double s = dot(v, vectors.get(i));
            Exemplar e = exemplars.get(i);
            if (e.attack() && s > attack) {
                attack = s;
                category = e.category();
            } else if (!e.attack() && s > benign) {
                benign = s;
            }
        }
        return new Nearest(attack, benign, category);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
