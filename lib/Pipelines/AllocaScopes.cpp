//===- AllocaScopes.cpp - stack allocations released where MLIR says ------===//
//
// The CPU kernels allocate per-iteration scratch (a decoded weight panel per
// thread) with memref.alloca in loop bodies. In MLIR such memory lives until
// the end of the enclosing allocation scope: an iteration of scf.for or
// scf.parallel (automatic allocation scopes), or a
// memref.alloca_scope, which convert-scf-to-openmp wraps around each
// parallel loop body. Upstream's control-flow lowering keeps neither: loop
// bodies would grow the stack every iteration, and an alloca_scope must stay
// one block, which convert-scf-to-cf breaks. So before control flow is
// lowered, each such scope that allocates gets a stack save at its start and
// a restore at its end (alloca_scopes are inlined between the two), as the
// LLVM lowering of alloca_scope does.
//
//===----------------------------------------------------------------------===//

#include "microscale/Pipelines/HostLowering.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// Whether `region` holds a memref.alloca outside scopes of its own.
bool allocatesDirectly(Region &region) {
  bool found = false;
  region.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (isa<memref::AllocaOp>(op)) {
      found = true;
      return WalkResult::interrupt();
    }
    if (op->hasTrait<OpTrait::AutomaticAllocationScope>() ||
        isa<memref::AllocaScopeOp>(op))
      return WalkResult::skip();
    return WalkResult::advance();
  });
  return found;
}

Value saveStack(OpBuilder &b, Location loc) {
  return LLVM::StackSaveOp::create(b, loc,
                                   LLVM::LLVMPointerType::get(b.getContext()));
}

/// A stack save at the start of each iteration, a restore before the
/// terminator.
void releasePerIteration(Region &body, Location loc) {
  Block &block = body.front();
  OpBuilder b = OpBuilder::atBlockBegin(&block);
  Value stack = saveStack(b, loc);
  b.setInsertionPoint(block.getTerminator());
  LLVM::StackRestoreOp::create(b, loc, stack);
}

void inlineWithStackRestore(memref::AllocaScopeOp scope) {
  Location loc = scope.getLoc();
  OpBuilder b(scope);
  Block &body = scope.getBodyRegion().front();
  auto terminator = cast<memref::AllocaScopeReturnOp>(body.getTerminator());
  Value stack = saveStack(b, loc);
  scope->getBlock()->getOperations().splice(
      Block::iterator(scope), body.getOperations(), body.begin(),
      Block::iterator(terminator));
  scope->replaceAllUsesWith(terminator.getResults());
  LLVM::StackRestoreOp::create(b, loc, stack);
  scope->erase();
}

struct LowerAllocaScopesPass
    : PassWrapper<LowerAllocaScopesPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(LowerAllocaScopesPass)

  StringRef getArgument() const final {
    return "microscale-lower-alloca-scopes";
  }
  StringRef getDescription() const final {
    return "Stack saves and restores around scf loop iterations that "
           "allocate with memref.alloca, and around the inlined bodies of "
           "memref.alloca_scope";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<LLVM::LLVMDialect>();
  }
  void runOnOperation() override {
    // Loop bodies first: the allocas of inlined alloca_scopes are released
    // by their own save and restore.
    getOperation().walk([&](Operation *op) {
      if (!isa<scf::ForOp, scf::ParallelOp>(op))
        return;
      for (Region &region : op->getRegions())
        if (region.hasOneBlock() && allocatesDirectly(region))
          releasePerIteration(region, op->getLoc());
    });
    // Innermost first, so that each body is one block of plain operations.
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation().walk<WalkOrder::PostOrder>(
        [&](memref::AllocaScopeOp scope) { scopes.push_back(scope); });
    for (memref::AllocaScopeOp scope : scopes)
      inlineWithStackRestore(scope);
  }
};

} // namespace

std::unique_ptr<Pass> mlir::microscale::createLowerAllocaScopesPass() {
  return std::make_unique<LowerAllocaScopesPass>();
}
