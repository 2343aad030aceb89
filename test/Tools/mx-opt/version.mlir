// mx-opt --version names the project's version (CMake's project(VERSION)).
// RUN: mx-opt --version | FileCheck %s -DVERSION=%microscale_version
// CHECK: LLVM version 22.
// CHECK: microscale version [[VERSION]]{{$}}
