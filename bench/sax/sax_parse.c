/* libxml2's SAX parse of HTML files alone, with no work in the callbacks: the floor that `gazette index` on raw
 * HTML is measured against (issue 17: the whole index of raw HTML within 1.5x of this plus indexing the
 * extracted text). Same parser options as Gazette's HTMLExtractor; THREADS threads take the files of LIST (one
 * path per line) in turn, each file read whole and parsed from memory as Gazette does; prints what was seen as
 * JSON, so that the parse cannot be optimised away.
 *
 *     sax_parse THREADS LIST
 */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct counts { unsigned long files, bytes, characters, elements; };
struct work { char **paths; size_t count, first, step; struct counts counts; };

static void on_start(void *state, const xmlChar *name, const xmlChar **attributes) {
    (void)name; (void)attributes;
    ((struct counts *)state)->elements++;
}
static void on_end(void *state, const xmlChar *name) { (void)state; (void)name; }
static void on_characters(void *state, const xmlChar *characters, int length) {
    (void)characters;
    ((struct counts *)state)->characters += (unsigned long)length;
}
static void on_error(void *state, xmlErrorPtr error) { (void)state; (void)error; }

static void parse_file(const char *path, struct counts *counts) {
    FILE *file = fopen(path, "rb");
    if (!file) { fprintf(stderr, "sax_parse: cannot open %s\n", path); return; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *bytes = malloc(size > 0 ? (size_t)size : 1);
    size_t read = size > 0 ? fread(bytes, 1, (size_t)size, file) : 0;
    fclose(file);
    if (read > 0) {
        htmlParserCtxtPtr context = htmlCreateMemoryParserCtxt(bytes, (int)read);
        if (context) {
            htmlSAXHandler sax;
            memset(&sax, 0, sizeof sax);
            sax.startElement = on_start;
            sax.endElement = on_end;
            sax.characters = on_characters;
            sax.ignorableWhitespace = on_characters;
            sax.cdataBlock = on_characters;
            *context->sax = sax;
            context->userData = counts;
            htmlCtxtUseOptions(context, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR
                                            | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC);
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8);
            htmlParseDocument(context);
            if (context->myDoc) { xmlFreeDoc(context->myDoc); context->myDoc = NULL; }
            htmlFreeParserCtxt(context);
        }
        counts->files++;
        counts->bytes += read;
    }
    free(bytes);
}

static void *run(void *argument) {
    struct work *work = argument;
    xmlSetStructuredErrorFunc(NULL, on_error);
    for (size_t i = work->first; i < work->count; i += work->step) parse_file(work->paths[i], &work->counts);
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc == 3 ? atoi(argv[1]) : 0;
    if (threads < 1 || threads > 64) { fprintf(stderr, "usage: sax_parse THREADS(1-64) LIST\n"); return 64; }
    FILE *list = fopen(argv[2], "r");
    if (!list) { fprintf(stderr, "sax_parse: cannot open %s\n", argv[2]); return 66; }
    size_t capacity = 1024, count = 0;
    char **paths = malloc(capacity * sizeof *paths);
    char line[8192];
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        if (count == capacity) paths = realloc(paths, (capacity *= 2) * sizeof *paths);
        paths[count++] = strdup(line);
    }
    fclose(list);
    xmlInitParser();
    struct work works[64];
    pthread_t ids[64];
    /* Files dealt in turn, so that the threads' shares of a folder of large pages come out even. */
    for (int t = 0; t < threads; t++) {
        works[t] = (struct work){ paths, count, (size_t)t, (size_t)threads, { 0, 0, 0, 0 } };
        pthread_create(&ids[t], NULL, run, &works[t]);
    }
    struct counts total = { 0, 0, 0, 0 };
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
        total.files += works[t].counts.files;
        total.bytes += works[t].counts.bytes;
        total.characters += works[t].counts.characters;
        total.elements += works[t].counts.elements;
    }
    printf("{\"files\": %lu, \"bytes\": %lu, \"characters\": %lu, \"elements\": %lu, \"threads\": %d}\n",
           total.files, total.bytes, total.characters, total.elements, threads);
    return 0;
}
