#!/usr/bin/env bash
# The packages as a user gets them (run by eng/test.sh; alone: bash eng/consumer-test.sh).
#
# Packs OnnxTyped, OnnxTyped.TorchSharp and OnnxTyped.Hosting to a folder feed, then, in a temporary folder outside the repository, builds
# the console apps of tests/ConsumerApps (copied there), which take nothing from the repository but the packages and real
# models (from models/):
#   - an app on OnnxTyped.TorchSharp + Microsoft.ML.OnnxRuntime + TorchSharp-cpu runs Silero VAD through the generated
#     class and compares it with plain InferenceSession.Run, element by element (on Debian 12 this also proves the
#     package's GLIBCXX fix: TorchSharp-cpu does not load without it);
#   - the same app writes a copy of the PP-OCR direction classifier with its weights in cls.onnx.data (ONNX Runtime's
#     external initializers), adds it as an OnnxModel, and runs it through the generated Load() the same way;
#   - an app on OnnxTyped + Microsoft.ML.OnnxRuntime alone gets no TorchSharp and runs Silero through the generated
#     typed front-end (OnnxTensor<T>) against plain InferenceSession.Run, on the repository's ONNX Runtime and on the
#     oldest one supported (the packages' Microsoft.ML.OnnxRuntime.Managed minimum); a truncated model added to it gives
#     the generator's OTG002 at build time; the same app published with NativeAOT runs the same comparison natively;
#   - an app on OnnxTyped.Hosting (a generic host, no ASP.NET Core) registers Silero with AddOnnxModel from its
#     appsettings.json (micro-batched), waits for the readiness check after the warm-up, and compares a call with plain
#     InferenceSession.Run; pointed at a missing file, its start fails with the option's message.
# Every check prints "consumer: passed|FAILED <check>", and the last line is "consumer checks: N passed, N failed".
#
# No stale package is ever used: the version is unique to this run (0.1.0-consumer.<time>), and restore extracts into
# a packages folder of its own, with the machine's NuGet cache as a read-only fallback (TorchSharp-cpu and ONNX Runtime
# come from there; anything missing comes from the configured sources).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/onnxtyped-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT
suffix="consumer.$(date -u +%Y%m%d%H%M%S)"
version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)-$suffix"
machine_cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
onnxruntime=$(sed -n 's:.*Include="Microsoft.ML.OnnxRuntime" Version="\([^"]*\)".*:\1:p' Directory.Packages.props)
torchsharp=$(sed -n 's:.*Include="TorchSharp-cpu" Version="\([^"]*\)".*:\1:p' Directory.Packages.props)
# The oldest ONNX Runtime the packages support: the managed API they are compiled against (their dependency's minimum).
onnxruntime_oldest=$(sed -n 's:.*Include="Microsoft.ML.OnnxRuntime.Managed" Version="\([^"]*\)".*:\1:p' Directory.Packages.props)
# The hosted app's generic host: the Microsoft.Extensions line OnnxTyped.Hosting is built on (8.0).
extensions_hosting=8.0.1

passed=0
failed=0
# A check that needs an earlier one (the app it runs must have built; every check needs the packages) is counted as
# failed without running when that one failed, so the closing counts always cover every check.
blocked_by=""   # the failed check the current chain of checks needs
pack_failed=""  # set when the packages could not be made: every later check needs them
check() { # check NAME COMMAND...: runs the command, counts and prints the outcome
  local name=$1
  shift
  local blocker=${pack_failed:-$blocked_by}
  if [ -n "$blocker" ]; then
    failed=$((failed + 1)); echo "consumer: FAILED $name (not run: it needs '$blocker', which failed)"; return 1
  fi
  if "$@"; then
    passed=$((passed + 1)); echo "consumer: passed $name"
  else
    failed=$((failed + 1)); echo "consumer: FAILED $name"; return 1
  fi
}
# chain NAME COMMAND...: a check the following checks of the same chain need (a failure blocks them).
chain() { check "$@" || blocked_by=${blocked_by:-$1}; }
# new_chain: the next checks need none of the previous chain's.
new_chain() { blocked_by=""; }
summary() { echo "consumer checks: ${passed} passed, ${failed} failed"; [ "$failed" -eq 0 ]; exit $?; }

# 1. The packages.
pack() {
  local project
  for project in src/Runtime/Core/OnnxTyped.Core.csproj src/Runtime/TorchSharp/OnnxTyped.TorchSharp.csproj src/Runtime/Hosting/OnnxTyped.Hosting.csproj; do
    # PackageVersion, not VersionSuffix: the assemblies keep their version, so nothing is compiled again for this.
    dotnet pack "$project" -c Release -nologo -v:minimal -o "$work/feed" -p:PackageVersion="$version" >"$work/pack.log" 2>&1 ||
      { cat "$work/pack.log"; return 1; }
  done
  local file
  for file in "OnnxTyped.$version.nupkg" "OnnxTyped.$version.snupkg" "OnnxTyped.TorchSharp.$version.nupkg" "OnnxTyped.TorchSharp.$version.snupkg" \
    "OnnxTyped.Hosting.$version.nupkg" "OnnxTyped.Hosting.$version.snupkg"; do
    [ -f "$work/feed/$file" ] || { echo "missing $file"; ls "$work/feed"; return 1; }
  done
}
check "dotnet pack gives OnnxTyped, OnnxTyped.TorchSharp and OnnxTyped.Hosting $version with symbols" pack ||
  pack_failed="dotnet pack gives OnnxTyped, OnnxTyped.TorchSharp and OnnxTyped.Hosting $version with symbols"

# The layout each package promises (unzip -l lists the entries).
layout() {
  local core torch
  core=$(unzip -Z1 "$work/feed/OnnxTyped.$version.nupkg")
  torch=$(unzip -Z1 "$work/feed/OnnxTyped.TorchSharp.$version.nupkg")
  local entry
  for entry in lib/net8.0/OnnxTyped.Core.dll analyzers/dotnet/cs/OnnxTyped.Generator.dll build/OnnxTyped.props build/OnnxTyped.targets \
    buildTransitive/OnnxTyped.props buildTransitive/OnnxTyped.targets README.md; do
    grep -qx "$entry" <<<"$core" || { echo "OnnxTyped lacks $entry"; return 1; }
  done
  for entry in lib/net8.0/OnnxTyped.TorchSharp.dll build/OnnxTyped.TorchSharp.targets buildTransitive/OnnxTyped.TorchSharp.targets README.md; do
    grep -qx "$entry" <<<"$torch" || { echo "OnnxTyped.TorchSharp lacks $entry"; return 1; }
  done
  if grep -q "OnnxTyped.Core.dll\|OnnxTyped.Generator.dll" <<<"$torch"; then echo "OnnxTyped.TorchSharp bundles the core or the generator"; return 1; fi
  # OnnxTyped.TorchSharp depends on exactly this OnnxTyped ([version]: it uses its internals), with its generator and
  # build files (no exclude).
  local dependency
  dependency=$(unzip -p "$work/feed/OnnxTyped.TorchSharp.$version.nupkg" OnnxTyped.TorchSharp.nuspec | grep "<dependency id=\"OnnxTyped\" version=\"\[$version\]\"")
  if [ -z "$dependency" ] || grep -q "exclude=" <<<"$dependency"; then
    echo "OnnxTyped.TorchSharp does not depend on exactly OnnxTyped $version with all its assets: ${dependency:-no dependency}"; return 1
  fi
  if unzip -p "$work/feed/OnnxTyped.$version.nupkg" OnnxTyped.nuspec | grep -qi "<dependency id=\"torchsharp"; then echo "OnnxTyped depends on TorchSharp"; return 1; fi
  # OnnxTyped.Hosting: its own assembly, OnnxTyped as a dependency, no ASP.NET Core, no TorchSharp.
  local hosting
  hosting=$(unzip -p "$work/feed/OnnxTyped.Hosting.$version.nupkg" OnnxTyped.Hosting.nuspec)
  # The listing first, then grep (grep -q on a pipe would end unzip early, a failure under pipefail).
  local hosting_files
  hosting_files=$(unzip -Z1 "$work/feed/OnnxTyped.Hosting.$version.nupkg")
  grep -qx lib/net8.0/OnnxTyped.Hosting.dll <<<"$hosting_files" || { echo "OnnxTyped.Hosting lacks its dll"; return 1; }
  grep -q "<dependency id=\"OnnxTyped\" version=\"\[$version\]\"" <<<"$hosting" || { echo "OnnxTyped.Hosting does not depend on exactly OnnxTyped $version"; return 1; }
  if grep -qi "<dependency id=\"\(Microsoft.AspNetCore\|TorchSharp\)" <<<"$hosting"; then echo "OnnxTyped.Hosting depends on ASP.NET Core or TorchSharp"; return 1; fi
}
check "the packages hold lib/, analyzers/dotnet/cs/, build/ and buildTransitive/ as documented" layout

# Restore settings shared by the apps: the feed plus the configured sources, a packages folder of this run's own.
cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <add key="onnxtyped-local" value="$work/feed" />
  </packageSources>
  <fallbackPackageFolders>
    <add key="machine-cache" value="$machine_cache" />
  </fallbackPackageFolders>
</configuration>
EOF

# The apps: checked-in projects (tests/ConsumerApps, sharing their plain-ONNX-Runtime reference), copied here so that
# nothing of the repository reaches them but the packages and the models; every build names the versions.
cp -r "$repo/tests/ConsumerApps" "$work/apps"
versions=(-p:OnnxTypedVersion="$version" -p:OnnxRuntimeVersion="$onnxruntime" -p:TorchSharpVersion="$torchsharp" -p:ExtensionsHostingVersion="$extensions_hosting")

# 2. An app on the TorchSharp front-end, with a real model.
app="$work/apps/TorchApp"
mkdir -p "$app/models"
cp "$repo/models/silero_vad_16k_op15.onnx" "$repo/models/ch_ppocr_mobile_v2.0_cls_infer.onnx" "$app/models/"

build_app() {
  (cd "$app" && dotnet build -c Release -nologo -v:minimal -o out "${versions[@]}" >"$work/build.log" 2>&1) || { cat "$work/build.log"; return 1; }
}
run_app() {
  (cd "$app" && dotnet out/TorchApp.dll "$app/models/silero_vad_16k_op15.onnx" "$app/external/cls.onnx")
}
new_chain
chain "an app on OnnxTyped.TorchSharp + Microsoft.ML.OnnxRuntime + TorchSharp-cpu builds" build_app
chain "the generated Silero class gives what plain InferenceSession.Run gives" run_app
chain "ONNX Runtime writes a model with external data" \
  bash -c "cd '$app' && dotnet out/TorchApp.dll externalize models/ch_ppocr_mobile_v2.0_cls_infer.onnx external/cls.onnx && test -s external/cls.onnx.data"
chain "the app with the external-data model builds" build_app
chain "the generated Load() of the external-data model gives what plain InferenceSession.Run gives" run_app

# 3. An app on OnnxTyped alone: the typed front-end (OnnxTensor<T>), no TorchSharp; then a truncated model.
typed="$work/apps/TypedApp"
cp "$repo/models/silero_vad_16k_op15.onnx" "$typed/"
no_torchsharp() {
  (cd "$typed" && dotnet restore -nologo -v:minimal "${versions[@]}" >"$work/restore.log" 2>&1) || { cat "$work/restore.log"; return 1; }
  if grep -qi '"torchsharp' "$typed/obj/project.assets.json"; then echo "TorchSharp is in the restore graph"; return 1; fi
}
typed_run() {
  (cd "$typed" && dotnet build --no-restore -c Release -nologo -v:minimal -o out "${versions[@]}" >"$work/typed.log" 2>&1) || { cat "$work/typed.log"; return 1; }
  (cd "$typed" && dotnet out/TypedApp.dll "$typed/silero_vad_16k_op15.onnx")
}
otg002() {
  head -c 4096 "$repo/models/silero_vad_16k_op15.onnx" >"$typed/truncated.onnx"
  (cd "$typed" && dotnet build -c Release -nologo -v:minimal -o out "${versions[@]}" >"$work/broken.log" 2>&1) && { echo "the build succeeded"; return 1; }
  grep -q "error OTG002" "$work/broken.log" || { cat "$work/broken.log"; return 1; }
  if grep -q "CS8784\|CS8785\|Unhandled exception" "$work/broken.log"; then cat "$work/broken.log"; return 1; fi
}
# A copy of the typed app beside it (so the apps' shared props and sources still apply), without its build output.
copy_typed() {
  rm -rf "$work/apps/$1" && cp -r "$typed" "$work/apps/$1" && rm -rf "$work/apps/$1/obj" "$work/apps/$1/out"
}
# The same app, copied before anything else changes it, on the oldest ONNX Runtime the packages support.
oldest_run() {
  copy_typed TypedAppOldest
  (cd "$work/apps/TypedAppOldest" && dotnet build -c Release -nologo -v:minimal -o out "${versions[@]}" -p:OnnxRuntimeVersion="$onnxruntime_oldest" >"$work/oldest.log" 2>&1) ||
    { cat "$work/oldest.log"; return 1; }
  grep -q "\"Microsoft.ML.OnnxRuntime.Managed/$onnxruntime_oldest\"" "$work/apps/TypedAppOldest/obj/project.assets.json" ||
    { echo "the app did not restore ONNX Runtime's managed API $onnxruntime_oldest"; return 1; }
  (cd "$work/apps/TypedAppOldest" && dotnet out/TypedApp.dll "$work/apps/TypedAppOldest/silero_vad_16k_op15.onnx")
}
# The same app published with NativeAOT (clang and zlib1g-dev, which eng/test.sh installs): no trim or AOT warning,
# a native executable, and the same comparison when it runs.
aot_run() {
  copy_typed TypedAppAot
  (cd "$work/apps/TypedAppAot" && dotnet publish -c Release -r linux-x64 -nologo -v:minimal -p:PublishAot=true -o pub "${versions[@]}" >"$work/aot.log" 2>&1) ||
    { cat "$work/aot.log"; return 1; }
  if grep -E "warning [A-Z]+[0-9]+" "$work/aot.log"; then echo "the AOT publish warned"; return 1; fi
  [ -x "$work/apps/TypedAppAot/pub/TypedApp" ] && [ ! -f "$work/apps/TypedAppAot/pub/TypedApp.dll" ] || { echo "no native executable in the publish folder"; ls "$work/apps/TypedAppAot/pub"; return 1; }
  (cd "$work/apps/TypedAppAot/pub" && ./TypedApp "$work/apps/TypedAppAot/silero_vad_16k_op15.onnx")
}
new_chain
chain "an app on OnnxTyped alone gets no TorchSharp" no_torchsharp
chain "its generated typed (OnnxTensor<T>) Silero class gives what plain InferenceSession.Run gives" typed_run
chain "the same app on ONNX Runtime $onnxruntime_oldest (the oldest supported) gives what plain InferenceSession.Run gives" oldest_run
chain "the same app published with NativeAOT (0 warnings) runs natively and gives what plain InferenceSession.Run gives" aot_run
new_chain
check "a truncated model gives OTG002 at build time, not a generator crash" otg002

# 4. An app on OnnxTyped.Hosting: a generic host with the model registered from configuration.
hosted="$work/apps/HostedApp"
cp "$repo/models/silero_vad_16k_op15.onnx" "$hosted/"
hosted_run() {
  (cd "$hosted" && dotnet build -c Release -nologo -v:minimal -o out "${versions[@]}" >"$work/hosted.log" 2>&1) || { cat "$work/hosted.log"; return 1; }
  (cd "$hosted/out" && dotnet HostedApp.dll)
}
hosted_missing_file() {
  (cd "$hosted/out" && dotnet HostedApp.dll --Models:Vad:ModelPath=/nonexistent/vad.onnx >"$work/missing.log" 2>&1) && { echo "the host started"; return 1; }
  grep -q "OnnxModel 'Vad': the model file does not exist (looked for '/nonexistent/vad.onnx')" "$work/missing.log" || { cat "$work/missing.log"; return 1; }
}
new_chain
chain "an app on OnnxTyped.Hosting hosts Silero from its configuration, ready after the warm-up, as plain InferenceSession.Run" hosted_run
chain "that app pointed at a missing model file fails its start with the option's message" hosted_missing_file

summary
