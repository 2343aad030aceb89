# -*- Python -*-
# lit configuration of the microscale test suite.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MICROSCALE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.microscale_obj_root, "test")

# Unit tests (GoogleTest) and Python tests run through ctest, not lit.
config.excludes = ["Unit", "Python", "Inputs", "CMakeLists.txt", "lit.cfg.py"]

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(("%microscale_lib_dir", config.microscale_lib_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.microscale_tools_dir, config.llvm_tools_dir]
tools = [
    "mx-opt",
    "split-file",
    "not",
    "count",
    "mlir-runner",
    "mlir-translate",
    ToolSubst("%mlir_runner_utils",
              os.path.join(config.llvm_tools_dir, "..", "lib",
                           "libmlir_runner_utils" + config.llvm_shlib_ext)),
    ToolSubst("%mlir_c_runner_utils",
              os.path.join(config.llvm_tools_dir, "..", "lib",
                           "libmlir_c_runner_utils" + config.llvm_shlib_ext)),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)
