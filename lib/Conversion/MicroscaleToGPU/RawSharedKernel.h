//===- RawSharedKernel.h - kernels on raw shared-memory addresses -*- C++ -*-//
//
// The tensor-core kernels that hand shared memory to asynchronous units
// (tcgen05, wgmma, TMA, mbarriers) address it by 32-bit byte offsets in the
// CTA's window rather than through memrefs. This base gives their emitters
// the index and i32 arithmetic, the pointer casts and the way to keep
// building inside scf regions with one builder.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_RAWSHAREDKERNEL_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_RAWSHAREDKERNEL_H

#include "microscale/Conversion/Codecs/OperandStorage.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace mlir::microscale::nvvm {

class RawSharedKernel {
protected:
  RawSharedKernel(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value idx(int64_t v) { return indexConstant(b, loc, v); }
  Value i32(int64_t v) {
    return arith::ConstantOp::create(
        b, loc, b.getI32IntegerAttr(static_cast<int32_t>(v)));
  }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value add32(Value x, int64_t v) {
    return v ? arith::AddIOp::create(b, loc, x, i32(v)).getResult() : x;
  }
  Value mul32(Value x, int64_t v) {
    return arith::MulIOp::create(b, loc, x, i32(v));
  }
  Value toI32(Value index) {
    return arith::IndexCastUIOp::create(b, loc, b.getI32Type(), index);
  }
  /// The window address (i32) of a shared memref's first byte, rounded up
  /// to a multiple of `align` (the memref must have `align - 1` bytes of
  /// slack).
  Value alignedWindowAddress(Value shared, int64_t align) {
    Value raw = arith::IndexCastUIOp::create(
        b, loc, b.getI32Type(),
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, shared));
    return arith::AndIOp::create(b, loc, add32(raw, align - 1), i32(-align));
  }
  /// A shared::cta pointer to byte `address` (i32) of the window.
  Value sharedPtr(Value address) {
    Value wide = arith::ExtUIOp::create(b, loc, b.getI64Type(), address);
    return LLVM::IntToPtrOp::create(
        b, loc, LLVM::LLVMPointerType::get(b.getContext(), 3), wide);
  }
  /// Runs `body` with the kernel's builder where the region builder `nb`
  /// inserts (the bodies of scf.for and scf.if).
  void inside(OpBuilder &nb, function_ref<void()> body) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
    body();
  }

  OpBuilder &b;
  Location loc;
};

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_RAWSHAREDKERNEL_H
