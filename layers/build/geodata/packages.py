"""Pinned input packages: fetch with ``npm pack`` when missing, verify sha256, read members.

No ``npm install`` and no ``node_modules``: the tarball is opened with :mod:`tarfile`.
"""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from layers.errors import InputError


@dataclass(frozen=True)
class Package:
    """One pinned npm package and the data file used from it."""

    name: str
    version: str
    sha256: str
    member: str  # path of the data file inside the tarball
    licence: str
    homepage: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def tarball_name(self) -> str:
        """File name that ``npm pack`` writes (scope '@a/b' becomes 'a-b')."""
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


OSM_MARITIME = Package(
    name="@osm_borders/maritime_10m",
    version="1.1.0",
    sha256="e9af1dc88a1854fba3e2c4375c61388987a6a00f1eec0975978410019748ac60",
    member="package/borders.geo.json",
    licence="ODbL 1.0 (data, © OpenStreetMap contributors); generator code MIT",
    homepage="https://github.com/itisem/osm_borders",
)
WORLD_ATLAS = Package(
    name="world-atlas",
    version="2.0.2",
    sha256="032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
    member="package/countries-10m.json",
    licence="Natural Earth data: public domain; world-atlas code: ISC",
    homepage="https://github.com/topojson/world-atlas",
)
PACKAGES: tuple[Package, ...] = (OSM_MARITIME, WORLD_ATLAS)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_tarball(package: Package, cache_dir: Path) -> Path:
    """Path of the verified tarball in ``cache_dir``; runs ``npm pack`` there if it is missing.

    Raises :class:`InputError` when npm fails or the sha256 does not match the pin.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / package.tarball_name
    if not path.exists():
        try:
            subprocess.run(
                ["npm", "pack", package.spec, "--pack-destination", str(cache_dir), "--silent"],
                check=True,
                capture_output=True,
                text=True,
                timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            raise InputError(
                f"could not fetch {package.spec} with npm pack: {detail.strip()}",
                source=str(path),
            ) from exc
        if not path.exists():
            raise InputError(f"npm pack did not write {package.tarball_name}", source=str(path))
    actual = sha256_of(path)
    if actual != package.sha256:
        raise InputError(
            f"sha256 mismatch for {package.spec}: expected {package.sha256}, found {actual}",
            source=str(path),
        )
    return path


def extract_member(package: Package, cache_dir: Path, work_dir: Path) -> Path:
    """Extract the package's data file into ``work_dir`` and return its path."""
    tarball = ensure_tarball(package, cache_dir)
    target = work_dir / package.tarball_name.removesuffix(".tgz") / Path(package.member).name
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        try:
            handle = archive.extractfile(package.member)
        except KeyError:
            handle = None
        if handle is None:
            raise InputError(f"{package.member} not found in the tarball", source=str(tarball))
        with handle, target.open("wb") as out:
            out.write(handle.read())
    return target
