//===- HostOpEffects.h - memory effects of the GPU host ops -----*- C++ -*-===//
//
// The host code around the kernels waits on streams (`gpu.wait`) and
// launches kernels (`gpu.launch_func`), two ops that declare no memory
// effects. The pipelines' ownership-based deallocation of host buffers
// rejects ops of unknown effects: the models registered here give them the
// effects they have (a launch reads and writes its buffer arguments, a wait
// orders everything before it), with no allocation or free.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_HOSTOPEFFECTS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_HOSTOPEFFECTS_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::microscale::nvvm {

void registerHostOpEffects(DialectRegistry &registry);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_HOSTOPEFFECTS_H
