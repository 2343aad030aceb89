//===- MicroscaleOps.h - microscale operations ------------------*- C++ -*-===//

#ifndef MICROSCALE_DIALECT_MICROSCALE_IR_MICROSCALEOPS_H
#define MICROSCALE_DIALECT_MICROSCALE_IR_MICROSCALEOPS_H

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h.inc"

#endif // MICROSCALE_DIALECT_MICROSCALE_IR_MICROSCALEOPS_H
