//===- MicroscaleDialect.cpp - microscale dialect registration ------------===//

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

using namespace mlir;
using namespace mlir::microscale;

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.cpp.inc"

void MicroscaleDialect::initialize() {
  registerAttributes();
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.cpp.inc"
      >();
}
