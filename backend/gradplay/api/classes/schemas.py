"""Request bodies of the class endpoints (the teacher's state is an opaque object, checked in model.py)."""

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gradplay.api.classes.model import PROMPTS
from gradplay.api.schemas import RunRequest


class NewClass(BaseModel):
    """POST /api/classes takes an empty object: a class needs nothing from its teacher to start."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{}]})


class QuestionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"prompt": "next_x", "range": [-5, 5]}, {"prompt": "w_change_sign"}]})

    prompt: Literal[tuple(PROMPTS)] = Field(description="one of the fixed prompts (the text shown is the server's)")
    kind: Literal["number", "sign"] | None = Field(None, description="optional; must match the prompt's kind")
    # finiteness and lo < hi are checked by model.make_question, which knows the prompt
    range: tuple[float, float] | None = Field(None, description="[lo, hi]: the answers a number question accepts")


class AnswerRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"student": "6f1c2a8e-4b7d-4c1e-9a51-3f0e2d7b9c44", "value": 2.4}]})

    student: str = Field(description="the student's anonymous id, a random UUID (version 4) kept on their device")
    value: float = Field(allow_inf_nan=False, description="a number in the question's range, or -1/0/1 for a sign")

    @field_validator("student")
    @classmethod
    def _uuid4(cls, value: str) -> str:
        try:
            parsed = uuid.UUID(value)
        except ValueError:
            raise ValueError("must be a random UUID such as 6f1c2a8e-4b7d-4c1e-9a51-3f0e2d7b9c44") from None
        if parsed.version != 4 or len(value) != 36:
            raise ValueError("must be a random UUID (version 4) in the form xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx")
        return str(parsed)


class RevealRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"value": 2.4}, {"run": {"problem": "parabola", "lr": 0.1, "steps": 3}}]})

    value: float | None = Field(None, allow_inf_nan=False,
                                description="the true value, computed by the teacher's page from a real run")
    run: RunRequest | None = Field(None, description="or the run shown, its `steps` the step on screen: the server "
                                                     "computes one more step and reveals the value after it")

    @model_validator(mode="after")
    def _one(self):
        if (self.value is None) == (self.run is None):
            raise ValueError("send either value (the true value) or run (the run shown, to compute it from)")
        return self
