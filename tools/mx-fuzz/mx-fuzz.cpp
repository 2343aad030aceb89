//===- mx-fuzz.cpp - libFuzzer target over mx-opt's stages ----------------===//
//
// Each input is MLIR text, run as mx-opt runs it: parsed with mx-opt's
// registry and verified, printed, then, if valid, one of the named pipelines
// (microscale-cpu-pipeline; microscale-gpu-pipeline{format=isa} per chip),
// chosen by a hash of the input; --all-pipelines runs each on a clone.
// Diagnostics are what bad input should give and are dropped. The findings
// are crashes, sanitizer reports, asserts, report_fatal_error, hangs
// (libFuzzer's -timeout), and two properties checked here: printed IR parses
// again, and a pass that succeeds leaves valid IR. docs/Fuzzing.md.
//
//===----------------------------------------------------------------------===//

#include "microscale/Pipelines/Pipelines.h"
#include "microscale/Registration/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace mlir;
using namespace mlir::microscale;

namespace {

struct Pipeline {
  const char *name;
  std::function<void(OpPassManager &)> build;
};

void addGPUPipeline(std::vector<Pipeline> &list, const char *chip) {
  list.push_back({chip, [chip](OpPassManager &pm) {
                    GPUPipelineOptions options;
                    options.chip = chip;
                    // PTX comes from the NVPTX backend in process; a cubin
                    // would only add ptxas, which is not ours to fuzz.
                    options.format = GPUBinaryFormat::isa;
                    buildGPUPipeline(pm, options);
                  }});
}

/// Every pipeline mx-opt offers, under the names --pipelines= takes. The CPU
/// pipeline gets explicit features so that a run does not depend on the
/// machine: all AVX-512 paths, and the portable 256-bit loops.
std::vector<Pipeline> listPipelines() {
  std::vector<Pipeline> list;
  list.push_back({"cpu", [](OpPassManager &pm) {
                    CPUPipelineOptions options;
                    options.features = "avx512f,avx512bf16,avx512bw,avx512vnni";
                    buildCPUPipeline(pm, options);
                  }});
  list.push_back({"cpu-avx2", [](OpPassManager &pm) {
                    CPUPipelineOptions options;
                    options.features = "none";
                    buildCPUPipeline(pm, options);
                  }});
  for (const char *chip :
       {"sm_80", "sm_89", "sm_90a", "sm_100a", "sm_103a", "sm_120a"})
    addGPUPipeline(list, chip);
  return list;
}

DialectRegistry *registry;
std::vector<Pipeline> *pipelines;
/// Running every pipeline on a valid input costs eight times one (about
/// 0.4 s each under the sanitizers); a campaign explores more inputs with
/// one per input, and mutants of an input get the others.
bool allPipelines = false;
/// --trace: the stage each input reaches, on stderr (triage only).
bool trace = false;

/// Diagnostics of the stage running now, kept to explain a finding.
std::vector<std::string> *diagnostics;

[[noreturn]] void finding(const Twine &what) {
  llvm::errs() << "mx-fuzz: " << what << "\n";
  for (const std::string &diagnostic : *diagnostics)
    llvm::errs() << diagnostic << "\n";
  llvm::errs().flush();
  abort();
}

/// A pass that succeeds must leave valid IR; mx-opt would blame the input.
struct VerifyAfterEachPass : public PassInstrumentation {
  const char *pipeline;
  explicit VerifyAfterEachPass(const char *pipeline) : pipeline(pipeline) {}
  void runAfterPass(Pass *pass, Operation *op) override {
    diagnostics->clear();
    if (failed(verify(op)))
      finding(Twine(pipeline) + ": '" + pass->getArgument() +
              "' succeeded but left invalid IR");
  }
};

OwningOpRef<ModuleOp> parse(StringRef text, MLIRContext &context) {
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  // Copied: the lexer needs a terminating NUL the fuzzer's bytes lack.
  sourceMgr->AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "input"), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  registry = new DialectRegistry();
  registerMicroscaleDialects(*registry);
  diagnostics = new std::vector<std::string>();
  // report_fatal_error would exit(1); an abort gives libFuzzer a crash with
  // a stack.
  llvm::install_fatal_error_handler(
      [](void *, const char *reason, bool) {
        llvm::errs() << "LLVM ERROR: " << reason << "\n";
        llvm::errs().flush();
        abort();
      },
      nullptr);

  // Our flags start with '--', which libFuzzer ignores: --pipelines=cpu,...
  // narrows a campaign, --all-pipelines and --trace are for replays.
  std::vector<Pipeline> all = listPipelines();
  pipelines = new std::vector<Pipeline>();
  StringRef only;
  for (int i = 1; i < *argc; ++i) {
    StringRef arg = (*argv)[i];
    if (arg.consume_front("--pipelines="))
      only = arg;
    allPipelines |= arg == "--all-pipelines";
    trace |= arg == "--trace";
  }
  SmallVector<StringRef> names;
  only.split(names, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (Pipeline &pipeline : all)
    if (names.empty() || llvm::is_contained(names, pipeline.name))
      pipelines->push_back(pipeline);
  if (pipelines->empty()) {
    llvm::errs() << "mx-fuzz: --pipelines= names none of: "
                 << llvm::join(llvm::map_range(all,
                                               [](const Pipeline &p) {
                                                 return StringRef(p.name);
                                               }),
                               ",")
                 << "\n";
    exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A context per input: nothing one input uniques or loads outlives it,
  // and no thread pool.
  MLIRContext context(*registry, MLIRContext::Threading::DISABLED);
  diagnostics->clear();
  ScopedDiagnosticHandler handler(&context, [](Diagnostic &diagnostic) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << diagnostic.getLocation() << ": " << diagnostic;
    diagnostics->push_back(std::move(text));
    return success();
  });

  // Parsing verifies: invalid IR stops here, with a diagnostic.
  OwningOpRef<ModuleOp> module =
      parse(StringRef(reinterpret_cast<const char *>(data), size), context);
  if (!module)
    return 0;
  if (trace)
    llvm::errs() << "mx-fuzz: valid, printing\n";

  // What mx-opt prints must parse again (our attribute and type printers).
  std::string printed;
  llvm::raw_string_ostream(printed) << *module;
  diagnostics->clear();
  if (!parse(printed, context))
    finding("the printed module does not parse:\n" + printed);

  ArrayRef<Pipeline> run = *pipelines;
  if (!allPipelines)
    run = run.slice(llvm::xxh3_64bits(ArrayRef(data, size)) % run.size(), 1);
  for (const Pipeline &pipeline : run) {
    if (trace)
      llvm::errs() << "mx-fuzz: running " << pipeline.name << "\n";
    OwningOpRef<ModuleOp> clone = module->clone();
    PassManager pm(&context, ModuleOp::getOperationName());
    pm.enableVerifier(false); // Done by VerifyAfterEachPass, which tells.
    pm.addInstrumentation(std::make_unique<VerifyAfterEachPass>(pipeline.name));
    pipeline.build(pm);
    diagnostics->clear();
    if (failed(pm.run(*clone)))
      continue; // A diagnostic: the pipeline rejects this input.
    // mx-opt prints the result.
    std::string result;
    llvm::raw_string_ostream(result) << **clone;
  }
  return 0;
}
