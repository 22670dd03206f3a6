"""Stage 4: one parameters file per region (``parameters/<adcode>-<name>.yaml``)."""

from .files import (DEFAULT_TEMPLATE, ParametersFile, read_parameters, region_slug, to_job,
                    user_edits, write_parameters)
from .generate import ParamsOutcome, generate_parameters

__all__ = ["DEFAULT_TEMPLATE", "ParametersFile", "ParamsOutcome", "generate_parameters",
           "read_parameters", "region_slug", "to_job", "user_edits", "write_parameters"]
