//===- sanitized_main.cpp - runs a lowered test program under ASan --------===//
//
// The C++ side of run_sanitized.py: the program's `main` function (LLVM IR
// from microscale-cpu-pipeline, renamed and instrumented) runs in a process
// built with -fsanitize=address, whose LeakSanitizer checks at exit that the
// generated code freed every buffer it allocated.
//
//===----------------------------------------------------------------------===//

#include <cstdio>

extern "C" void microscale_program_main();

int main() {
  microscale_program_main();
  // LeakSanitizer ends the process without flushing stdio at exit when it
  // finds a leak: flush what the program printed first.
  std::fflush(stdout);
  return 0;
}
