#!/usr/bin/env bash
# Packs Declarative (and Declarative.AgentFramework), restores the consumer from that .nupkg alone (into a packages folder cleared
# first, so no cached 0.1.0 can stand in for it), builds it and runs its checks.
# Prints the consumer's "N passed, N failed" line last; exits non-zero if anything failed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
configuration="${CONFIGURATION:-Release}"
packages="$here/.packages"
nupkg="$repo/artifacts/packages/Declarative.0.1.0.nupkg"
adapter="$repo/artifacts/packages/Declarative.AgentFramework.0.1.0.nupkg"
evaluation="$repo/artifacts/packages/Declarative.Evaluation.0.1.0.nupkg"
consumer="$here/Consumer/Consumer.csproj"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== pack"
rm -f "$nupkg" "$adapter" "$evaluation"
dotnet pack "$repo/src/Declarative/Declarative.csproj" -c "$configuration" -nologo -v quiet
# The Agent Framework adapter, restored beside the core package (see Consumer/Interop.cs).
dotnet pack "$repo/src/Declarative.AgentFramework/Declarative.AgentFramework.csproj" -c "$configuration" -nologo -v quiet
dotnet pack "$repo/src/Declarative.Evaluation/Declarative.Evaluation.csproj" -c "$configuration" -nologo -v quiet

echo "== restore (isolated packages folder: $packages)"
rm -rf "$packages" "$here/Consumer/obj" "$here/Consumer/bin"
dotnet restore "$consumer" --packages "$packages" --force -nologo -v quiet

echo "== build code the analyzers must reject (expected to fail with DCL0009 and DCL0010)"
set +e
diagnostics="$(dotnet build "$consumer" -c "$configuration" --no-restore -nologo -v quiet -p:ProveDiagnostics=true 2>&1)"
set -e
seen="$(printf '%s\n' "$diagnostics" | grep -oE 'Undescribed\.cs\([0-9]+,[0-9]+\): error DCL[0-9]{4}' | grep -oE 'DCL[0-9]{4}' | sort -u | paste -sd, - || true)"
echo "reported: ${seen:-nothing}"

echo "== build"
dotnet build "$consumer" -c "$configuration" --no-restore -nologo -v quiet

echo "== run"
DECLARATIVE_NUPKG="$nupkg" DECLARATIVE_PACKAGES="$packages" DECLARATIVE_DIAGNOSTICS_SEEN="$seen" \
  dotnet "$here/Consumer/bin/$configuration/net10.0/Consumer.dll"
