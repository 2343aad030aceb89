//===- X86Intrinsics.cpp - LLVM x86 intrinsics the CPU kernels call -------===//

#include "X86Intrinsics.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::microscale;

static bool computesOnRegistersOnly(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases(cpu::kPermuteF32, cpu::kPermute2F32, cpu::kShuffleBytes,
             cpu::kDotU8S8, true)
      .Default(false);
}

Value cpu::callVectorIntrinsic(OpBuilder &b, Location loc, Type result,
                               llvm::StringLiteral name, ValueRange operands) {
  assert(computesOnRegistersOnly(name) && "an intrinsic of this file");
  return LLVM::CallIntrinsicOp::create(b, loc, result, b.getStringAttr(name),
                                       operands)
      .getResult(0);
}

namespace {

/// No effects for the register-only intrinsics above; reads and writes of
/// memory for any other, as for an opaque call.
struct CallIntrinsicEffects
    : public MemoryEffectOpInterface::ExternalModel<CallIntrinsicEffects,
                                                    LLVM::CallIntrinsicOp> {
  void getEffects(
      Operation *op,
      SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
          &effects) const {
    if (computesOnRegistersOnly(cast<LLVM::CallIntrinsicOp>(op).getIntrin()))
      return;
    effects.emplace_back(MemoryEffects::Read::get());
    effects.emplace_back(MemoryEffects::Write::get());
  }
};

} // namespace

void cpu::registerIntrinsicEffects(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, LLVM::LLVMDialect *) {
    LLVM::CallIntrinsicOp::attachInterface<CallIntrinsicEffects>(*context);
  });
}
