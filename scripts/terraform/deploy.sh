#!/usr/bin/env bash
# npm run deploy [-- terraform apply options]: build the artifacts, check the Terraform offline,
# then terraform init && terraform apply in terraform/. See docs/terraform.md (prerequisites, cost,
# teardown).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

if ! command -v terraform >/dev/null 2>&1; then
  echo "terraform is not on PATH: install Terraform >= 1.6 (docs/terraform.md, Prerequisites)." >&2
  exit 1
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "The ffprobe layer is compiled for Linux x86_64 (the Lambdas' architecture) with musl-gcc: deploy from such a machine (or CI)." >&2
  exit 1
fi

# Builds the resolvers, Lambda bundles, web client and the ffprobe layer (build/layers/ffprobe).
npm run build --silent
npx tsx scripts/terraform/check.ts terraform

cd terraform
terraform init -input=false
terraform apply "$@"
echo
echo "Web client config (uploaded as config.json): terraform -chdir=terraform output -json client_config"
