// Every input mx-fuzz once failed on (test/Fuzz/regressions, raw bytes)
// through mx-opt and each pipeline the fuzz target runs: a compile or a
// diagnostic, never a crash. scripts/fuzz.sh replays them in the fuzz build.
// RUN: %python %S/Inputs/replay.py mx-opt %S/regressions | FileCheck %s
// CHECK: {{[1-9][0-9]*}} inputs through 9 pipelines, none crashed
