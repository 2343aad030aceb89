//===- OpenMPSchedule.cpp - how the kernels' loops are shared out ---------===//
//
// convert-scf-to-openmp leaves each worksharing loop on the compiled-in
// default schedule, static: every thread gets a fixed share of the
// iterations when the loop starts. That is best on an otherwise idle
// machine; where other processes hold cores for a while, handing the
// iterations (groups of weight rows, panels, rows: microseconds each) out as
// threads come free keeps the available cores busy to the end. Which one
// applies is the deployment's choice, so the kernels' loops take OpenMP's
// run-time schedule: OMP_SCHEDULE (static when unset, as before;
// OMP_SCHEDULE=dynamic for busy machines). Results do not depend on it:
// each iteration writes its own outputs.
//
//===----------------------------------------------------------------------===//

#include "microscale/Pipelines/HostLowering.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

struct SetOpenMPSchedulePass
    : PassWrapper<SetOpenMPSchedulePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(SetOpenMPSchedulePass)

  explicit SetOpenMPSchedulePass(omp::ClauseScheduleKind kind) : kind(kind) {}

  StringRef getArgument() const final { return "microscale-openmp-schedule"; }
  StringRef getDescription() const final {
    return "Worksharing loops without a schedule get the given one";
  }
  void runOnOperation() override {
    getOperation().walk([&](omp::WsloopOp loop) {
      if (!loop.getScheduleKind())
        loop.setScheduleKind(kind);
    });
  }

  omp::ClauseScheduleKind kind;
};

} // namespace

std::unique_ptr<Pass>
mlir::microscale::createSetOpenMPSchedulePass(omp::ClauseScheduleKind kind) {
  return std::make_unique<SetOpenMPSchedulePass>(kind);
}
