"""The API's contract: input it does not know or cannot keep is refused (never ignored or
cut), every field error has one shape, and the OpenAPI document says what the API does:
its problems, its types, and one schema per name."""

from __future__ import annotations

import io
import re
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from foro.api import api
from foro.api_base import ERROR_CODES, MAX_TEXT
from foro.licensing.tests.conftest import PDF, draft
from foro.licensing.tests.test_api import camel
from tests.test_api_clients import WRITES, Write

V1 = "/api/v1"
APPS = f"{V1}/licensing/applications"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix=f"{V1}/")


def post(client, url, body, method="post"):
    return getattr(client, method)(url, body, content_type="application/json")


def problem_errors(response, status: int = 422) -> list[dict[str, str]]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:problem-type:foro:invalidInput"
    for error in body["errors"]:
        assert set(error) == {"field", "code", "message"}, error
        assert error["code"] in ERROR_CODES and error["message"]
    return body["errors"]


def by_field(errors: list[dict[str, str]]) -> dict[str, str]:
    return {e["field"]: e["code"] for e in errors}


# ---------------------------------------------------------------- unknown fields


def test_unknown_fields_are_refused_not_ignored(client, accounts):
    client.force_login(accounts["applicant"])
    body = camel("export-military")
    body["urgency"] = "high"
    body["goods"][1]["colour"] = "green"
    errors = problem_errors(post(client, APPS, body))
    assert by_field(errors) == {"urgency": "unknown_field", "goods.1.colour": "unknown_field"}

    app = draft(accounts["applicant"])
    app.refresh_from_db()
    revision = app.revision
    errors = problem_errors(
        post(client, f"{APPS}/{app.pk}", {"endUse": "x", "priority": 1}, method="patch")
    )
    assert by_field(errors) == {"priority": "unknown_field"}
    app.refresh_from_db()
    assert app.revision == revision and app.end_use != "x"


def test_an_upload_with_an_unknown_form_field_is_refused(client, accounts):
    client.force_login(accounts["applicant"])
    app = draft(accounts["applicant"])
    documents = app.documents.count()
    response = client.post(
        f"{APPS}/{app.pk}/documents",
        {"kind": "contract", "file": io.BytesIO(PDF), "confidential": "yes"},
    )
    assert by_field(problem_errors(response)) == {"confidential": "unknown_field"}
    assert app.documents.count() == documents


JSON_WRITES = [w for w in WRITES if w.body is not None and not w.multipart]


class _Anything(dict):
    """Any key the body or path asks for names nothing real."""

    def __missing__(self, key: str) -> int:
        return 999999


def _fake_params(write: Write) -> dict[str, object]:
    """Every parameter of the write names nothing real (validation comes first); a
    criterion and a line are small numbers because their paths check the range."""
    names = re.findall(r"{(\w+)}", write.path)
    return _Anything(dict.fromkeys(names, 999999) | {"criterion": 1, "line_id": 1})


@pytest.mark.parametrize("write", JSON_WRITES, ids=lambda w: w.id)
def test_every_request_body_refuses_unknown_fields(client, accounts, write: Write):
    """Validation comes before the endpoint: the path need not name anything real."""
    client.force_login(accounts[write.role])
    params = _fake_params(write)
    body = {**write.body(params), "bogus": 1}
    response = client.generic(
        write.method, write.url(params), _json(body), content_type="application/json"
    )
    assert {"field": "bogus", "code": "unknown_field"} in [
        {"field": e["field"], "code": e["code"]} for e in problem_errors(response)
    ]


def test_every_request_schema_forbids_additional_properties(spec):
    for name, schema in _request_schemas(spec).items():
        assert schema.get("additionalProperties") is False, name


# ---------------------------------------------------------------- too long


def test_an_over_long_name_is_refused_not_cut(client, accounts):
    client.force_login(accounts["applicant"])
    client.cookies["foro_language"] = "en"
    body = camel("export-military")
    body["parties"][0]["name"] = "N" * 100_000
    errors = problem_errors(post(client, APPS, body))
    assert errors == [
        {"field": "parties.0.name", "code": "too_long", "message": "At most 300 characters."}
    ]


def test_every_request_string_is_bounded(spec):
    for name, schema in _request_schemas(spec).items():
        for prop, details in schema["properties"].items():
            for alternative in details.get("anyOf", [details]):
                if alternative.get("type") == "string" and not _is_number_or_date(details):
                    assert "maxLength" in alternative, f"{name}.{prop}"
                    assert alternative["maxLength"] <= MAX_TEXT, f"{name}.{prop}"


def _bounded_fields(write: Write) -> list[tuple[str, int]]:
    spec = api.get_openapi_schema(path_prefix=f"{V1}/")
    operation = spec["paths"][write.path][write.method.lower()]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    fields = []
    for prop, details in schema["properties"].items():
        for alternative in details.get("anyOf", [details]):
            if "maxLength" in alternative and alternative.get("type") == "string":
                fields.append((prop, alternative["maxLength"]))
    return fields


TEXT_CASES = [
    (write, prop, limit)
    for write in JSON_WRITES
    for prop, limit in _bounded_fields(write)
    if not (write.path.endswith("/matches") and prop in ("type",))
]


@pytest.mark.parametrize(
    "write,prop,limit", TEXT_CASES, ids=[f"{w.id} {p}" for w, p, _ in TEXT_CASES]
)
def test_every_bounded_string_answers_too_long(client, accounts, write: Write, prop, limit):
    client.force_login(accounts[write.role])
    client.cookies["foro_language"] = "en"
    params = _fake_params(write)
    body = {**write.body(params), prop: "x" * (limit + 1)}
    response = client.generic(
        write.method, write.url(params), _json(body), content_type="application/json"
    )
    errors = problem_errors(response)
    assert {"field": prop, "code": "too_long", "message": f"At most {limit} characters."} in errors


# ---------------------------------------------------------------- one error shape


def test_service_and_framework_errors_have_the_same_shape(client, accounts):
    client.force_login(accounts["applicant"])
    # the framework: a missing field and a value of the wrong type
    body = camel("export-military")
    del body["kind"]
    body["goods"][0]["quantity"] = "many"
    errors = problem_errors(post(client, APPS, body))
    assert by_field(errors) == {"kind": "required", "goods.0.quantity": "not_a_number"}
    # the service: rules the schema cannot know
    body = camel("export-military")
    body["goods"][1]["cnCode"] = "12"
    errors = problem_errors(post(client, APPS, body))
    assert by_field(errors) == {"goods.1.cnCode": "invalid"}
    # the API layer's own checks
    errors = problem_errors(client.get(f"{APPS}?pageSize=0"))
    assert by_field(errors) == {"pageSize": "out_of_range"}


def test_field_paths_of_service_errors():
    from foro.api_base import field_errors

    assert field_errors(
        [
            {"field": "goods[2].cnCode", "message": "m"},
            {"field": "parties[1].is_person", "message": "m", "code": "required"},
            {"field": "queries.3.dob", "message": "m"},
            {"field": "", "message": "m"},
        ]
    ) == [
        {"field": "goods.1.cnCode", "code": "invalid", "message": "m"},
        {"field": "parties.0.isPerson", "code": "required", "message": "m"},
        {"field": "queries.3.dob", "code": "invalid", "message": "m"},
        {"field": "", "code": "invalid", "message": "m"},
    ]


def test_a_body_that_is_not_json_is_a_bad_request(client, accounts):
    client.force_login(accounts["applicant"])
    response = client.post(APPS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"] == "urn:problem-type:foro:badRequest"


# ---------------------------------------------------------------- the OpenAPI document


def _operations(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_operation_declares_its_problems(spec):
    for path, method, operation in _operations(spec):
        where = f"{method.upper()} {path}"
        responses = operation["responses"]
        expected = set()
        if operation.get("security"):
            expected |= {"401", "403"}
        if "{" in path:
            expected.add("404")
        if operation.get("parameters") or operation.get("requestBody"):
            expected.add("422")
        if operation.get("requestBody"):
            expected.add("400")
        assert expected <= set(map(str, responses)), where
        for status, answer in responses.items():
            if int(status) >= 400:
                assert answer["content"] == {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                }, where
    declared_409 = {
        (path, method)
        for path, method, operation in _operations(spec)
        if "409" in map(str, operation["responses"])
    }
    assert (f"{V1}/licensing/applications/{{app_id}}/submit", "post") in declared_409
    assert (f"{V1}/screening/hits/{{hit_id}}/disposition", "post") in declared_409


def test_the_problem_schema(spec):
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance", "requestId", "errors"} <= set(
        problem["properties"]
    )
    field_error = spec["components"]["schemas"]["FieldError"]
    assert field_error["properties"]["code"]["enum"] == list(ERROR_CODES)


def _answer_properties(spec):
    for name, schema in spec["components"]["schemas"].items():
        if name.endswith("In") or name in ("Problem", "FieldError"):
            continue
        for prop, details in schema.get("properties", {}).items():
            yield name, prop, details


def test_datetimes_and_dates_are_typed(spec):
    seen = 0
    for name, prop, details in _answer_properties(spec):
        formats = {a.get("format") for a in details.get("anyOf", [details])}
        if prop.endswith("At") or prop == "at":
            assert "date-time" in formats, f"{name}.{prop}"
            seen += 1
        if prop in ("validFrom", "validUntil", "shippedOn", "dueDate", "started", "deadline"):
            assert "date" in formats, f"{name}.{prop}"
    assert seen > 10


def test_statuses_are_enums(spec):
    for name, prop, details in _answer_properties(spec):
        if prop in ("status", "state", "outcome", "risk", "decision", "review", "role"):
            assert details.get("enum") or details.get("$ref"), f"{name}.{prop}"
    assert spec["components"]["schemas"]["ApplicationOut"]["properties"]["status"]["enum"][0] == (
        "draft"
    )


def _models(annotation: Any, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for model_field in annotation.model_fields.values():
            _models(model_field.annotation, found)
    for argument in typing.get_args(annotation):
        _models(argument, found)


def test_no_two_schemas_share_a_name():
    """Two classes with one name would overwrite each other in the document."""
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    if isinstance(model, type):
                        _models(model, found)
    names: dict[str, set[str]] = {}
    for model in found:
        if model.__module__.startswith("foro."):
            names.setdefault(model.__name__, set()).add(model.__module__)
    shared = {name: modules for name, modules in names.items() if len(modules) > 1}
    assert shared == {}
    assert {"ReferenceVersionOut", "ListVersionOut", "ScreeningHitOut", "CaseHitOut"} <= set(names)


def test_the_document_names_the_renamed_schemas(spec):
    schemas = spec["components"]["schemas"]
    for name in ("ListOut", "VersionOut", "HitOut"):
        assert name not in schemas
    assert "sanctionsList" not in schemas["ReferenceListOut"]["properties"]
    assert schemas["ListVersionOut"]["properties"]["list"]["type"] == "string"


# ---------------------------------------------------------------- helpers


def _json(body: Any) -> str:
    import json

    return json.dumps(body)


def _is_number_or_date(details: dict[str, Any]) -> bool:
    alternatives = details.get("anyOf", [details])
    return any(a.get("type") in ("number", "integer") for a in alternatives) or any(
        a.get("format") in ("date", "date-time", "binary") for a in alternatives
    )


def _request_schemas(spec) -> dict[str, dict[str, Any]]:
    """Every component a request body uses, nested ones too."""
    schemas = spec["components"]["schemas"]
    todo = []
    for _path, _method, operation in _operations(spec):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            todo.append(content["application/json"]["schema"])
    seen: dict[str, dict[str, Any]] = {}
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[1]
                if name not in seen:
                    seen[name] = schemas[name]
                    todo.append(schemas[name])
            else:
                todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return seen
