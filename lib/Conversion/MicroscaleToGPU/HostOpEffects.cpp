//===- HostOpEffects.cpp - memory effects of the GPU host ops -------------===//

#include "HostOpEffects.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

namespace {

using Effects =
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>;

/// A kernel launch reads and writes the buffers it is passed, and whatever
/// else the kernel reaches (once lowered, its arguments are plain pointers):
/// never an op without effects, which would be erased as dead.
struct LaunchFuncEffects
    : public MemoryEffectOpInterface::ExternalModel<LaunchFuncEffects,
                                                    gpu::LaunchFuncOp> {
  void getEffects(Operation *op, Effects &effects) const {
    effects.emplace_back(MemoryEffects::Read::get());
    effects.emplace_back(MemoryEffects::Write::get());
    for (OpOperand &operand : op->getOpOperands()) {
      if (!isa<MemRefType>(operand.get().getType()))
        continue;
      effects.emplace_back(MemoryEffects::Read::get(), &operand);
      effects.emplace_back(MemoryEffects::Write::get(), &operand);
    }
  }
};

/// Waiting on a stream makes every write before it visible: ordered like a
/// read and a write of all memory.
struct WaitEffects
    : public MemoryEffectOpInterface::ExternalModel<WaitEffects, gpu::WaitOp> {
  void getEffects(Operation *, Effects &effects) const {
    effects.emplace_back(MemoryEffects::Read::get());
    effects.emplace_back(MemoryEffects::Write::get());
  }
};

/// Making a TMA tensor map reads where the memref lies and its shape, not
/// its elements; the map it returns is the runtime's.
struct TmaCreateDescriptorEffects
    : public MemoryEffectOpInterface::ExternalModel<
          TmaCreateDescriptorEffects, nvgpu::TmaCreateDescriptorOp> {
  void getEffects(Operation *op, Effects &effects) const {
    effects.emplace_back(MemoryEffects::Read::get(), &op->getOpOperand(0));
  }
};

} // namespace

void mlir::microscale::nvvm::registerHostOpEffects(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, nvgpu::NVGPUDialect *) {
    nvgpu::TmaCreateDescriptorOp::attachInterface<TmaCreateDescriptorEffects>(
        *context);
  });
  registry.addExtension(+[](MLIRContext *context, gpu::GPUDialect *) {
    gpu::LaunchFuncOp::attachInterface<LaunchFuncEffects>(*context);
    gpu::WaitOp::attachInterface<WaitEffects>(*context);
  });
}
