//===- JitModule.cpp - lowered IR compiled in process for Python ----------===//

#include "JitModule.h"
#include "CompilerSession.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/TargetSelect.h"

#include <mutex>

using namespace mlir;
using namespace mlir::microscale::python;

static std::string printed(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  os.flush();
  return text;
}

static ValueType describe(Type type) {
  ValueType value{ValueType::Kind::Unsupported, "", {}, printed(type)};
  if (auto memref = dyn_cast<MemRefType>(type)) {
    // Descriptors built from NumPy arrays are dense and row-major.
    if (memref.getLayout().isIdentity() && !memref.getMemorySpace()) {
      value.kind = ValueType::Kind::MemRef;
      value.element = printed(memref.getElementType());
      for (int64_t dim : memref.getShape())
        value.shape.push_back(ShapedType::isDynamic(dim) ? -1 : dim);
    }
    return value;
  }
  if (isa<IndexType, FloatType>(type) ||
      (isa<IntegerType>(type) && cast<IntegerType>(type).isSignless())) {
    value.kind = ValueType::Kind::Scalar;
    value.element = value.text;
  }
  return value;
}

namespace {

/// Records the signatures of the public func.func definitions before every
/// module-level pass; the last record is the one the C interface wrappers
/// are built from (func-to-llvm turns func.func into llvm.func).
struct SignatureRecorder : public PassInstrumentation {
  explicit SignatureRecorder(std::map<std::string, FunctionSignature> &out)
      : out(out) {}

  void runBeforePass(Pass *, Operation *op) override {
    auto module = dyn_cast<ModuleOp>(op);
    if (!module)
      return;
    std::map<std::string, FunctionSignature> seen;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.isPublic())
        continue;
      FunctionSignature &signature = seen[func.getSymName().str()];
      for (Type type : func.getArgumentTypes())
        signature.arguments.push_back(describe(type));
      for (Type type : func.getResultTypes())
        signature.results.push_back(describe(type));
    }
    if (!seen.empty())
      out = std::move(seen);
  }

  std::map<std::string, FunctionSignature> &out;
};

/// Marks the tensor arguments of public functions read-only right before
/// one-shot bufferization: arguments are the caller's NumPy arrays, passed
/// zero-copy, and a result must never be computed in place over one of them
/// (by default bufferization treats function arguments as writable).
struct ReadOnlyArguments : public PassInstrumentation {
  void runBeforePass(Pass *pass, Operation *op) override {
    auto module = dyn_cast<ModuleOp>(op);
    if (!module || pass->getArgument() != "one-shot-bufferize")
      return;
    auto readOnly = BoolAttr::get(module.getContext(), false);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.isPublic())
        continue;
      for (auto [index, type] : llvm::enumerate(func.getArgumentTypes()))
        if (isa<TensorType>(type))
          func.setArgAttr(index,
                          bufferization::BufferizationDialect::kWritableAttrName,
                          readOnly);
    }
  }
};

} // namespace

static void initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

/// Fails on external functions the process cannot provide: the JIT resolves
/// them in the process only (libc, libm, ...), and ORC would report a miss on
/// stderr with a vaguer error.
/// Lowered kernels with parallel loops call LLVM's OpenMP runtime: loaded
/// once, process-wide, where the JIT resolves symbols.
static void loadOpenMPRuntime(ModuleOp module, CompilerSession &session) {
  bool usesOpenMP = false;
  module.walk([&](Operation *op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "omp") {
      usesOpenMP = true;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (!usesOpenMP)
    return;
  static std::once_flag once;
  static bool loaded = false;
  std::call_once(once, [] {
    std::string error;
    for (const char *path : {MICROSCALE_OPENMP_RUNTIME, "libomp.so.5"})
      if (!llvm::sys::DynamicLibrary::LoadLibraryPermanently(path, &error)) {
        loaded = true;
        return;
      }
  });
  if (!loaded)
    session.fail("the kernels' parallel loops need LLVM's OpenMP runtime "
                 "(libomp), which could not be loaded; install it or compile "
                 "with microscale-cpu-pipeline{parallel=false}");
}

static void checkExternalFunctions(ModuleOp module, CompilerSession &session) {
  llvm::sys::DynamicLibrary::LoadLibraryPermanently(nullptr);
  std::string missing;
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    llvm::StringRef name = func.getSymName();
    if (!func.isExternal() || name.starts_with("llvm.") ||
        llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(name.str()))
      continue;
    missing += (missing.empty() ? "" : ", ") + name.str();
  }
  if (!missing.empty())
    session.fail("unresolved external function(s) " + missing +
                 ": the JIT links against what this process has loaded "
                 "(libc, libm), nothing else");
}

static llvm::CodeGenOptLevel codeGenLevel(int optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

static std::string message(llvm::Error error) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::logAllUnhandledErrors(std::move(error), os);
  os.flush();
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  return text;
}

JitModule::JitModule(const std::string &ir, const std::string &pipeline,
                     int optLevel) {
  if (optLevel < 0 || optLevel > 3)
    throw std::invalid_argument("opt_level must be 0, 1, 2 or 3, got " +
                                std::to_string(optLevel));
  initializeNativeTarget();
  CompilerSession session(/*withLLVMTranslation=*/true);
  OwningOpRef<ModuleOp> module = session.parse(ir);

  // The C interface (`_mlir_ciface_<name>`) takes memrefs as descriptor
  // pointers: what Python builds from NumPy arrays.
  for (auto func : module->getOps<func::FuncOp>())
    if (!func.isExternal() && func.isPublic())
      func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(&session.getContext()));

  PassManager pm(&session.getContext());
  session.parsePipeline(pipeline, pm);
  pm.addInstrumentation(std::make_unique<ReadOnlyArguments>());
  pm.addInstrumentation(std::make_unique<SignatureRecorder>(signatures));
  session.run(pm, *module);
  if (!module->getOps<func::FuncOp>().empty())
    session.fail("the pipeline must lower func.func to the LLVM dialect "
                 "(e.g. end in convert-func-to-llvm)");
  if (signatures.empty())
    session.fail("no public func.func definition to call");
  checkExternalFunctions(*module, session);
  loadOpenMPRuntime(*module, session);

  auto machineBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder)
    session.fail("no target machine for the host: " +
                 message(machineBuilder.takeError()));
  machineBuilder->setCodeGenOptLevel(codeGenLevel(optLevel));
  auto machine = machineBuilder->createTargetMachine();
  if (!machine)
    session.fail("no target machine for the host: " +
                 message(machine.takeError()));
  // The transformer keeps a pointer to the machine, which the engine owns
  // from here on.
  auto transformer =
      makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, machine->get());
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel = codeGenLevel(optLevel);
  options.enableGDBNotificationListener = false;
  options.enablePerfNotificationListener = false;
  auto created =
      ExecutionEngine::create(*module, options, std::move(machine.get()));
  if (!created)
    session.fail("could not compile the lowered module: " +
                 message(created.takeError()));
  engine = std::move(*created);
  engine->initialize();

  // Look every wrapper up now: the JIT compiles (and resolves external
  // symbols) on the first lookup, so failures surface here, not in a call.
  for (const auto &[name, signature] : signatures) {
    auto address = engine->lookupPacked("_mlir_ciface_" + name);
    if (!address)
      session.fail("no C interface for '" + name +
                   "': " + message(address.takeError()));
    packedAddresses[name] = reinterpret_cast<uintptr_t>(*address);
  }
}

JitModule::~JitModule() = default;

uintptr_t JitModule::getPackedAddress(const std::string &name) const {
  auto it = packedAddresses.find(name);
  if (it == packedAddresses.end())
    throw std::out_of_range("no function '" + name + "'");
  return it->second;
}
