// Apache Lucene 8 (Debian's liblucene8-java) side of the benchmark; bench/run.sh compiles and runs it.
//
//     java -cp CLASSPATH LuceneBench index EXTRACTED.ndjson INDEX_DIR STATS.json THREADS RAM_MB
//     java -cp CLASSPATH LuceneBench query QUERIES.txt INDEX_DIR OUT.json
//     java -cp CLASSPATH LuceneBench oneshot INDEX_DIR 'a b c'   (one phrase query: JVM start + open + search)
//
// It mirrors bench/tantivy_bench.py so that report.py reads its output like Tantivy's:
// - Schema: path (StringField, stored), title and body (TextField: docs, freqs and positions; stored). Each block
//   is one value of body; the analyzer's position increment gap of 1 leaves positions one apart at each block, as
//   Tantivy does, so that no phrase matches across two blocks (as in Gazette).
// - Analyzer: StandardTokenizer + LowerCaseFilter + ASCIIFoldingFilter. Gazette, Tantivy ("fold") and FTS5
//   (remove_diacritics 2) all fold accents, so Lucene folds them too (`cafe` finds `café`).
// - Indexing: the main thread reads and decodes the NDJSON (a small JSON reader below: no JSON library) and hands
//   documents to THREADS indexing threads, as Tantivy's Python thread feeds its THREADS indexing threads; one
//   IndexWriter with a RAM buffer of RAM_MB (Tantivy's heap), the default ConcurrentMergeScheduler and merge
//   policy; commit, then close, which waits for running merges (Tantivy: commit + wait_merging_threads). No
//   forceMerge, since Tantivy does not merge down to one segment either. The time includes the JVM start and
//   reading the file, as Tantivy's includes starting Python and reading it.
// - Queries: phrase = title:"…" OR body:"…"; term = title:w OR body:w; AND = every (title:w OR body:w) required:
//   the same queries as tantivy_bench.py. Top 10 by BM25 with the exact number of matching documents, each hit's
//   stored document, and a body snippet from the UnifiedHighlighter. Timed after the JIT has warmed up (below).

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public final class LuceneBench {
    private static final String[] FIELDS = {"title", "body"};
    // Untimed passes over the whole query set before the timed one: at least this many, and for at least this long.
    // The JIT compiles a hot path only after it has run many times, and recompiles it as its profile settles: three
    // passes over the query set still leave the search itself about twice as slow as it is after half a minute of
    // queries. The natively compiled engines reach their speed after the one warm-up pass they get.
    private static final int WARMUP_MIN_PASSES = 3;
    private static final double WARMUP_MIN_SECONDS = 30;

    private LuceneBench() {}

    /** StandardTokenizer + LowerCaseFilter + ASCIIFoldingFilter: the peers all fold accents, so Lucene does too. */
    static final class FoldingAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new LowerCaseFilter(tokenizer);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new ASCIIFoldingFilter(new LowerCaseFilter(in));
        }

        // One position between the last token of a block and the first of the next (Tantivy leaves the same gap):
        // an exact phrase cannot span two blocks.
        @Override
        public int getPositionIncrementGap(String fieldName) {
            return 1;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 6 && args[0].equals("index")) {
            index(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        } else if (args.length == 4 && args[0].equals("query")) {
            query(args[1], args[2], args[3]);
        } else if (args.length == 3 && args[0].equals("oneshot")) {
            oneshot(args[1], args[2]);
        } else {
            System.err.println("usage: LuceneBench index EXTRACTED.ndjson INDEX_DIR STATS.json THREADS RAM_MB\n"
                    + "       LuceneBench query QUERIES.txt INDEX_DIR OUT.json\n"
                    + "       LuceneBench oneshot INDEX_DIR 'a b c'");
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Indexing

    private static final Document END = new Document();  // tells an indexing thread that no documents follow

    static void index(String ndjson, String indexDir, String statsPath, int threads, int ramMb) throws Exception {
        Path dir = Paths.get(indexDir);
        deleteTree(dir);
        Files.createDirectories(dir);
        long docs = 0;
        long readNanos = 0;
        try (Directory directory = FSDirectory.open(dir)) {
            IndexWriterConfig config = new IndexWriterConfig(new FoldingAnalyzer());
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            config.setRAMBufferSizeMB(ramMb);
            IndexWriter writer = new IndexWriter(directory, config);

            // A bounded queue: reading cannot run far ahead of indexing and hold the whole corpus in memory.
            BlockingQueue<Document> queue = new ArrayBlockingQueue<>(256);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread worker = new Thread(() -> {
                    try {
                        for (Document doc = queue.take(); doc != END; doc = queue.take()) {
                            writer.addDocument(doc);
                        }
                    } catch (Throwable error) {
                        failure.compareAndSet(null, error);
                    }
                }, "indexer-" + i);
                // A daemon thread: when reading fails, the exception ends the JVM even though workers still wait.
                worker.setDaemon(true);
                worker.start();
                workers.add(worker);
            }

            // A 1 MB buffer: the lines are whole documents, often hundreds of kB.
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    Files.newInputStream(Paths.get(ndjson)), StandardCharsets.UTF_8), 1 << 20)) {
                int number = 0;
                while (true) {
                    long start = System.nanoTime();
                    String line = reader.readLine();
                    if (line == null) {
                        readNanos += System.nanoTime() - start;
                        break;
                    }
                    number++;
                    if (line.isBlank()) {
                        readNanos += System.nanoTime() - start;
                        continue;
                    }
                    Document doc = toDocument(ndjson, number, line);
                    readNanos += System.nanoTime() - start;
                    if (!hand(queue, doc, failure)) {
                        break;
                    }
                    docs++;
                }
            }
            for (int i = 0; i < threads && failure.get() == null; i++) {
                hand(queue, END, failure);
            }
            if (failure.get() == null) {
                for (Thread worker : workers) {
                    worker.join();
                }
            }
            if (failure.get() != null) {
                writer.rollback();
                throw new RuntimeException("indexing failed", failure.get());
            }
            writer.commit();
            writer.close();  // waits for the merges that the commit started

            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("docs", docs);
                stats.put("num_docs", (long) reader.numDocs());
                stats.put("segments", (long) reader.leaves().size());
                stats.put("index_bytes", dirSize(dir));
                stats.put("threads", (long) threads);
                stats.put("heap_mb", (long) ramMb);
                stats.put("read_s", readNanos / 1e9);
                stats.put("lucene_version", Version.LATEST.toString());
                stats.put("java_version", System.getProperty("java.version"));
                stats.put("java_vm", System.getProperty("java.vm.name"));
                stats.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1_000_000L);
                writeJson(statsPath, stats);
            }
        }
    }

    /** Puts doc on the queue; false, without waiting any longer, once an indexing thread has failed. */
    static boolean hand(BlockingQueue<Document> queue, Document doc, AtomicReference<Throwable> failure)
            throws InterruptedException {
        while (!queue.offer(doc, 100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * One NDJSON line as a Lucene document: as common.read_docs does, the blocks are UTF-8 byte ranges into
     * "text" (clamped to it; a range that cuts a character decodes with U+FFFD), the path defaults to doc-N.
     */
    static Document toDocument(String file, int number, String line) {
        Object parsed;
        try {
            parsed = new JsonReader(line).readDocument();
        } catch (IllegalArgumentException error) {
            throw new IllegalArgumentException(file + ":" + number + ": not JSON (" + error.getMessage() + ")");
        }
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException(file + ":" + number + ": not a JSON object");
        }
        Map<?, ?> obj = (Map<?, ?>) parsed;
        String text = obj.get("text") instanceof String ? (String) obj.get("text") : "";
        Object path = obj.get("path");
        Object title = obj.get("title");

        Document doc = new Document();
        doc.add(new StringField("path", path instanceof String && !((String) path).isEmpty()
                ? (String) path : "doc-" + number, Field.Store.YES));
        if (title instanceof String && !((String) title).isEmpty()) {
            doc.add(new TextField("title", (String) title, Field.Store.YES));
        }
        Object ranges = obj.get("blocks");
        if (ranges instanceof List) {
            boolean ascii = isAscii(text);
            byte[] raw = ascii ? null : text.getBytes(StandardCharsets.UTF_8);
            int length = ascii ? text.length() : raw.length;
            for (Object range : (List<?>) ranges) {
                List<?> pair = (List<?>) range;
                int start = (int) Math.max(0, Math.min(((Number) pair.get(0)).longValue(), length));
                int end = (int) Math.max(start, Math.min(((Number) pair.get(1)).longValue(), length));
                if (end > start) {
                    // In ASCII text byte offsets are character offsets: cut the string itself.
                    String block = ascii ? text.substring(start, end)
                            : new String(raw, start, end - start, StandardCharsets.UTF_8);
                    doc.add(new TextField("body", block, Field.Store.YES));
                }
            }
        }
        return doc;
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queries

    static String queryKind(String line) {
        String s = line.strip();
        if (s.startsWith("\"")) {
            return "phrase";
        }
        return s.split("\\s+").length == 1 ? "term" : "and";
    }

    static String[] queryWords(String line) {
        String s = line.strip();
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '"') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '"') {
            to--;
        }
        String inner = s.substring(from, to).strip();
        return inner.isEmpty() ? new String[0] : inner.split("\\s+");
    }

    /** title:x OR body:x, for a per-field query maker (as tantivy_bench.either_field). */
    static Query eitherField(java.util.function.Function<String, Query> make) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (String field : FIELDS) {
            builder.add(make.apply(field), BooleanClause.Occur.SHOULD);
        }
        return builder.build();
    }

    // The query words are lowercase ASCII letters (bench/queries.py), so they are already terms of the analyzer,
    // and are used as they are: tantivy_bench.py does the same.
    static Query buildQuery(String line) {
        String kind = queryKind(line);
        String[] words = queryWords(line);
        if (kind.equals("phrase")) {
            return eitherField(field -> new PhraseQuery(field, words));
        }
        if (kind.equals("term")) {
            return eitherField(field -> new TermQuery(new Term(field, words[0])));
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (String word : words) {
            builder.add(eitherField(field -> new TermQuery(new Term(field, word))), BooleanClause.Occur.MUST);
        }
        return builder.build();
    }

    /** The top 10 by score with the exact number of matching documents (no early termination of the count). */
    static TopDocs top10(IndexSearcher searcher, Query query) throws IOException {
        TopScoreDocCollector collector = TopScoreDocCollector.create(10, Integer.MAX_VALUE);
        searcher.search(query, collector);
        TopDocs top = collector.topDocs();
        if (top.totalHits.relation != TotalHits.Relation.EQUAL_TO) {
            throw new IllegalStateException("inexact count for " + query);
        }
        return top;
    }

    /** BENCH_QUERY_PASSES, as bench/common.py reads it (default 5). */
    static int timedPasses() {
        String value = System.getenv("BENCH_QUERY_PASSES");
        try {
            return value == null ? 5 : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 5;
        }
    }

    /** The middle value (the upper middle of an even count), as bench/common.py's median_times. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static IndexSearcher openSearcher(DirectoryReader reader) {
        IndexSearcher searcher = new IndexSearcher(reader);
        // The timed pass repeats the warm-up's queries: no cache may answer them from an earlier pass.
        searcher.setQueryCache(null);
        return searcher;
    }

    static UnifiedHighlighter highlighter(IndexSearcher searcher) {
        UnifiedHighlighter highlighter = new UnifiedHighlighter(searcher, new FoldingAnalyzer());
        // The body is re-analysed from its stored value (no offsets in the index, as in Tantivy). The default
        // looks at its first 10,000 characters only; Tantivy's snippet generator reads the whole body, so Lucene
        // does too (and finds a snippet wherever the match is).
        highlighter.setMaxLength(Integer.MAX_VALUE - 1);
        return highlighter;
    }

    // What runQuery reads of the documents and snippets goes here, so that the JIT cannot drop the work as unused.
    static long sink;

    /** One query as tantivy_bench.run_query: nanoTime after the search, after the documents, after the snippets. */
    static long[] runQuery(IndexSearcher searcher, UnifiedHighlighter highlighter, String line, long[] total)
            throws IOException {
        Query query = buildQuery(line);
        TopDocs top = top10(searcher, query);
        long searched = System.nanoTime();
        for (ScoreDoc hit : top.scoreDocs) {
            Document doc = searcher.doc(hit.doc);  // every stored field, as Tantivy's searcher.doc
            sink += doc.get("path").length();
        }
        long loaded = System.nanoTime();
        String[] snippets = highlighter.highlight("body", query, top, 1);
        for (String snippet : snippets) {
            sink += snippet == null ? 0 : snippet.length();
        }
        total[0] = top.totalHits.value;
        return new long[] {searched, loaded, System.nanoTime()};
    }

    static void query(String queriesPath, String indexDir, String out) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get(queriesPath), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        try (Directory directory = FSDirectory.open(Paths.get(indexDir));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = openSearcher(reader);
            UnifiedHighlighter highlighter = highlighter(searcher);
            long[] total = new long[1];
            long warmupStart = System.nanoTime();
            int passes = 0;
            while (passes < WARMUP_MIN_PASSES || (System.nanoTime() - warmupStart) / 1e9 < WARMUP_MIN_SECONDS) {
                for (String line : lines) {
                    runQuery(searcher, highlighter, line, total);
                }
                passes++;
            }
            double warmupSeconds = (System.nanoTime() - warmupStart) / 1e9;
            // As the other engines: TIMED_PASSES timed passes, each query's median time over them.
            int timedPasses = timedPasses();
            double[][][] times = new double[lines.size()][3][timedPasses];
            long[] totals = new long[lines.size()];
            for (int pass = 0; pass < timedPasses; pass++) {
                for (int q = 0; q < lines.size(); q++) {
                    long start = System.nanoTime();
                    long[] t = runQuery(searcher, highlighter, lines.get(q), total);
                    totals[q] = total[0];
                    for (int k = 0; k < 3; k++) {
                        times[q][k][pass] = (t[k] - start) / 1e3;
                    }
                }
            }
            List<Object> results = new ArrayList<>();
            for (int q = 0; q < lines.size(); q++) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("query", lines.get(q));
                result.put("kind", queryKind(lines.get(q)));
                result.put("total", totals[q]);
                result.put("us_search", median(times[q][0]));
                result.put("us_docs", median(times[q][1]));
                result.put("us", median(times[q][2]));
                results.add(result);
            }
            Map<String, Object> outObj = new LinkedHashMap<>();
            outObj.put("engine", "lucene");
            outObj.put("timed_passes", (long) timedPasses);
            outObj.put("warmup_passes", (long) passes);
            outObj.put("warmup_s", warmupSeconds);
            outObj.put("queries", results);
            writeJson(out, outObj);
        }
    }

    static void oneshot(String indexDir, String phrase) throws Exception {
        PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (Directory directory = FSDirectory.open(Paths.get(indexDir));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = openSearcher(reader);
            Query query = buildQuery("\"" + phrase + "\"");
            TopDocs top = top10(searcher, query);
            String[] snippets = highlighter(searcher).highlight("body", query, top, 1);
            for (int i = 0; i < top.scoreDocs.length; i++) {
                String snippet = snippets[i] == null ? "" : snippets[i];
                snippet = snippet.substring(0, Math.min(60, snippet.length())).replace('\n', ' ');
                stdout.println(searcher.doc(top.scoreDocs[i].doc).get("path") + " " + snippet);
            }
            stdout.println(top.totalHits.value);
        }
        stdout.flush();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files and JSON

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    static long dirSize(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void writeJson(String path, Object value) throws IOException {
        Path target = Paths.get(path);
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Path tmp = Paths.get(path + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            appendJson(sb, value, 0);
            sb.append('\n');
            writer.write(sb.toString());
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void appendJson(StringBuilder sb, Object value, int depth) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String) {
            appendJsonString(sb, (String) value);
        } else if (value instanceof Double) {
            double d = (Double) value;
            sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                sb.append(first ? "\n" : ",\n").append(" ".repeat(depth + 1));
                first = false;
                appendJsonString(sb, entry.getKey().toString());
                sb.append(": ");
                appendJson(sb, entry.getValue(), depth + 1);
            }
            sb.append(first ? "}" : "\n" + " ".repeat(depth) + "}");
        } else if (value instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                sb.append(first ? "\n" : ",\n").append(" ".repeat(depth + 1));
                first = false;
                appendJson(sb, item, depth + 1);
            }
            sb.append(first ? "]" : "\n" + " ".repeat(depth) + "]");
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
        }
    }

    static void appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /**
     * A small reader for one JSON value (RFC 8259): objects become LinkedHashMaps, arrays Lists, strings Strings,
     * integers Longs, other numbers Doubles, true/false Booleans, null null. Errors are IllegalArgumentExceptions.
     */
    static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) {
            this.s = s;
        }

        Object readDocument() {
            Object value = readValue();
            skipSpace();
            if (i != s.length()) {
                throw error("trailing characters");
            }
            return value;
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at character " + i);
        }

        private void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    break;
                }
                i++;
            }
        }

        private Object readValue() {
            skipSpace();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': return readObject();
                case '[': return readArray();
                case '"': return readString();
                case 't': return readWord("true", Boolean.TRUE);
                case 'f': return readWord("false", Boolean.FALSE);
                case 'n': return readWord("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return readNumber();
                    }
                    throw error("unexpected '" + c + "'");
            }
        }

        private Object readWord(String word, Object value) {
            if (!s.startsWith(word, i)) {
                throw error("expected " + word);
            }
            i += word.length();
            return value;
        }

        private Map<String, Object> readObject() {
            Map<String, Object> map = new LinkedHashMap<>();
            i++;  // {
            skipSpace();
            if (i < s.length() && s.charAt(i) == '}') {
                i++;
                return map;
            }
            while (true) {
                skipSpace();
                if (i >= s.length() || s.charAt(i) != '"') {
                    throw error("expected a key");
                }
                String key = readString();
                skipSpace();
                if (i >= s.length() || s.charAt(i) != ':') {
                    throw error("expected ':'");
                }
                i++;
                map.put(key, readValue());
                skipSpace();
                if (i >= s.length()) {
                    throw error("unexpected end");
                }
                char c = s.charAt(i++);
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> readArray() {
            List<Object> list = new ArrayList<>();
            i++;  // [
            skipSpace();
            if (i < s.length() && s.charAt(i) == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(readValue());
                skipSpace();
                if (i >= s.length()) {
                    throw error("unexpected end");
                }
                char c = s.charAt(i++);
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        // The next '"' and the next '\\' at or after i (s.length() when there is none), looked up again only
        // once i has passed them: String.indexOf scans fast, and each character is scanned once per line.
        private int nextQuote = -1;
        private int nextBackslash = -1;

        private String readString() {
            i++;  // opening quote
            StringBuilder sb = null;  // only for strings with escapes
            while (true) {
                if (nextQuote < i) {
                    nextQuote = s.indexOf('"', i);
                    nextQuote = nextQuote < 0 ? s.length() : nextQuote;
                }
                if (nextBackslash < i) {
                    nextBackslash = s.indexOf('\\', i);
                    nextBackslash = nextBackslash < 0 ? s.length() : nextBackslash;
                }
                if (nextQuote == s.length()) {
                    throw error("unterminated string");
                }
                if (nextQuote < nextBackslash) {
                    int end = nextQuote;
                    String value = sb == null ? s.substring(i, end) : sb.append(s, i, end).toString();
                    i = end + 1;
                    return value;
                }
                if (sb == null) {
                    sb = new StringBuilder(nextQuote - i + 16);
                }
                sb.append(s, i, nextBackslash);
                i = nextBackslash + 1;
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (i + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            // A surrogate pair arrives as two escapes, each one UTF-16 unit: appended as they come.
                            sb.append((char) Integer.parseInt(s, i, i + 4, 16));
                        } catch (NumberFormatException bad) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                        break;
                    default:
                        throw error("bad escape \\" + e);
                }
            }
        }

        private Object readNumber() {
            int start = i;
            boolean integral = true;
            if (s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') {
                    i++;
                } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    integral = false;
                    i++;
                } else {
                    break;
                }
            }
            String number = s.substring(start, i);
            try {
                return integral ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
            } catch (NumberFormatException bad) {
                throw error("bad number " + number);
            }
        }
    }
}
