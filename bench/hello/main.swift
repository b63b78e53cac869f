// The floor of a one-shot command: a static Swift binary that prints one line, built with the same compiler
// and the same static standard library as gazette (bench/run.sh), timed beside `gazette search` by oneshot.py.
print("hello")
