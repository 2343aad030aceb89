//===- CompilerSession.cpp - parse and lower IR for Python ----------------===//

#include "CompilerSession.h"

#include "microscale/Registration/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::microscale::python;

static DialectRegistry makeRegistry(bool withLLVMTranslation) {
  DialectRegistry registry;
  microscale::registerMicroscaleDialects(registry);
  if (withLLVMTranslation) {
    registerBuiltinDialectTranslation(registry);
    registerLLVMDialectTranslation(registry);
    registerOpenMPDialectTranslation(registry);
  }
  return registry;
}

CompilerSession::CompilerSession(bool withLLVMTranslation)
    // One compilation at a time per session; the Python caller may run
    // several sessions on its own threads.
    : context(makeRegistry(withLLVMTranslation),
              MLIRContext::Threading::DISABLED) {
  microscale::registerMicroscalePasses();
  // A pass failure would otherwise attach the whole module as a note.
  context.printOpOnDiagnostic(false);
}

void CompilerSession::fail(const std::string &what) {
  diagnosticStream.flush();
  std::string message = what;
  if (!diagnostics.empty())
    message += ":\n" + diagnostics;
  while (!message.empty() && message.back() == '\n')
    message.pop_back();
  throw CompileFailure(message);
}

OwningOpRef<ModuleOp> CompilerSession::parse(const std::string &ir) {
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(ir, "<input>"), llvm::SMLoc());
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  if (!module)
    fail("could not parse the IR");
  return module;
}

/// "builtin.module(X)" -> "X" when the outer parentheses enclose all of it.
static std::optional<llvm::StringRef> stripModuleAnchor(llvm::StringRef text) {
  llvm::StringRef prefix = "builtin.module(";
  if (!text.starts_with(prefix) || !text.ends_with(")"))
    return std::nullopt;
  int depth = 0;
  for (size_t i = prefix.size() - 1; i < text.size(); ++i) {
    depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
    if (depth == 0 && i + 1 != text.size())
      return std::nullopt; // "builtin.module(a),builtin.module(b)"
  }
  return text.drop_front(prefix.size()).drop_back();
}

void CompilerSession::parsePipeline(const std::string &pipeline,
                                    PassManager &pm) {
  llvm::StringRef text = llvm::StringRef(pipeline).trim();
  if (std::optional<llvm::StringRef> inner = stripModuleAnchor(text))
    text = inner->trim();
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  if (failed(parsePassPipeline(text, pm, errorStream))) {
    errorStream.flush();
    while (!errors.empty() && errors.back() == '\n')
      errors.pop_back();
    throw CompileFailure("invalid pass pipeline '" + pipeline + "': " + errors);
  }
}

void CompilerSession::run(PassManager &pm, ModuleOp module) {
  if (failed(pm.run(module)))
    fail("the pass pipeline failed");
}

std::string mlir::microscale::python::compileToString(const std::string &ir,
                                                const std::string &pipeline) {
  CompilerSession session;
  OwningOpRef<ModuleOp> module = session.parse(ir);
  PassManager pm(&session.getContext());
  session.parsePipeline(pipeline, pm);
  session.run(pm, *module);
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  os.flush();
  return text;
}
