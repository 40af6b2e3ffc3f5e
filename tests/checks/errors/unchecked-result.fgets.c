// RUN-CHECKS: -*,clangcheck-errors-*
// fgets returns NULL at end of file or on error; the buffer then holds nothing new.
#include <stdio.h>
#include <string.h>

int read_answer_bad(FILE *in, char *line, int cap) {
    fgets(line, cap, in);  // expect: clangcheck-errors-unchecked-result
    return strcmp(line, "yes\n") == 0;
}

int read_answer_ok(FILE *in, char *line, int cap) {
    if (fgets(line, cap, in) == NULL)
        return -1;
    return strcmp(line, "yes\n") == 0;
}

int count_lines_ok(FILE *in) {
    char line[256];
    int lines = 0;
    while (fgets(line, sizeof line, in))
        ++lines;
    return lines;
}

int first_word_bad(FILE *in, char *word) {
    char line[128];
    char *got = fgets(line, sizeof line, in);  // expect: clangcheck-errors-unchecked-result
    return sscanf(line, "%31s", word);
}
