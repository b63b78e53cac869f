/// The API's description, served at `/api/openapi.json`: hand-written, built into the binary, and kept next to
/// the routes it describes (Site.swift) and the JSON they print (GazetteSearch's JSONRenderer).
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "Gazette",
        "version": "0.1.0",
        "description": "Full-text search over an indexed article collection, with entities. Every response is JSON; errors are {\"error\": message} with, for a query that does not parse, its 1-based \"column\". Offsets count Unicode scalars, end exclusive. On a non-loopback address every request needs the access token: ?token=, the gazette_token cookie, or Authorization: Bearer."
      },
      "paths": {
        "/api/search": {
          "get": {
            "summary": "Ranked search; the JSON of `gazette search --json`.",
            "operationId": "search",
            "parameters": [
              {"$ref": "#/components/parameters/q"},
              {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 10}}
            ],
            "responses": {
              "200": {"description": "Hits", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "414": {"$ref": "#/components/responses/TooLong"},
              "422": {"$ref": "#/components/responses/TooSlow"},
              "500": {"$ref": "#/components/responses/ServerError"}
            }
          }
        },
        "/api/facets": {
          "get": {
            "summary": "Top people, organisations, places, groups, dates, sources and folders over every matching document.",
            "operationId": "facets",
            "parameters": [
              {"$ref": "#/components/parameters/q"},
              {"name": "limit", "in": "query", "description": "Entries per group.", "schema": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 10}}
            ],
            "responses": {
              "200": {"description": "Facets", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Facets"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "414": {"$ref": "#/components/responses/TooLong"},
              "500": {"$ref": "#/components/responses/ServerError"}
            }
          }
        },
        "/api/document": {
          "get": {
            "summary": "A stored document: text, entities, and the matches of an optional query.",
            "operationId": "document",
            "parameters": [
              {"name": "path", "in": "query", "required": true, "description": "The document's path as the index stores it (relative to the corpus).", "schema": {"type": "string", "minLength": 1, "maxLength": 4096}},
              {"name": "q", "in": "query", "description": "A query whose matches to return.", "schema": {"type": "string", "maxLength": 1024}},
              {"name": "index", "in": "query", "description": "The index folder, when several are served.", "schema": {"type": "string"}}
            ],
            "responses": {
              "200": {"description": "The document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "414": {"$ref": "#/components/responses/TooLong"},
              "500": {"$ref": "#/components/responses/ServerError"}
            }
          }
        },
        "/api/entities": {
          "get": {
            "summary": "The corpus's entities ranked by documents; the JSON of `gazette entities --json`.",
            "operationId": "entities",
            "parameters": [
              {"$ref": "#/components/parameters/type"},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647, "default": 30}}
            ],
            "responses": {
              "200": {"description": "Entities", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Entities"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "414": {"$ref": "#/components/responses/TooLong"},
              "500": {"$ref": "#/components/responses/ServerError"}
            }
          }
        },
        "/api/mentions": {
          "get": {
            "summary": "Every mention of the entities a name refers to; the JSON of `gazette mentions --json`.",
            "operationId": "mentions",
            "parameters": [
              {"$ref": "#/components/parameters/name"},
              {"$ref": "#/components/parameters/type"},
              {"name": "limit", "in": "query", "description": "Documents per entity.", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647, "default": 20}}
            ],
            "responses": {
              "200": {"description": "Mentions (an empty entities array when nothing matches)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Mentions"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "414": {"$ref": "#/components/responses/TooLong"},
              "500": {"$ref": "#/components/responses/ServerError"}
            }
          }
        },
        "/api/entity": {
          "get": {
            "summary": "One entity: aliases, counts, a page of its documents with mentions, and co-mentioned entities ranked by log-likelihood ratio (at least 2 shared documents).",
            "operationId": "entity",
            "parameters": [
              {"$ref": "#/components/parameters/name"},
              {"$ref": "#/components/parameters/type"},
              {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647, "default": 0}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 20}}
            ],
            "responses": {
              "200": {"description": "The entity", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Entity"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "414": {"$ref": "#/components/responses/TooLong"},
              "500": {"$ref": "#/components/responses/ServerError"}
            }
          }
        }
      },
      "components": {
        "parameters": {
          "q": {"name": "q", "in": "query", "required": true, "description": "A query in Gazette's query language.", "schema": {"type": "string", "minLength": 1, "maxLength": 1024}},
          "name": {"name": "name", "in": "query", "required": true, "description": "A canonical name or any form it was written as.", "schema": {"type": "string", "minLength": 1, "maxLength": 1024}},
          "type": {"name": "type", "in": "query", "description": "An entity type, in either case.", "schema": {"type": "string", "enum": ["person", "org", "place", "norp", "date", "money", "percent", "PERSON", "ORG", "PLACE", "NORP", "DATE", "MONEY", "PERCENT"]}}
        },
        "responses": {
          "BadRequest": {"description": "A malformed query or parameter", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unauthorized": {"description": "The access token is missing or wrong", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "No such document or entity", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooLong": {"description": "The query string is longer than 64 KB", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooSlow": {"description": "The search ran past its 5 s limit and was stopped", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "ServerError": {"description": "The index could not be read", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}, "column": {"type": "integer", "minimum": 1}}},
          "Highlight": {"type": "object", "required": ["start", "end", "text", "kind"], "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"}, "kind": {"type": "string"}, "entity": {"type": "string"}}},
          "SearchResult": {
            "type": "object", "required": ["query", "total", "hits"],
            "properties": {
              "query": {"type": "string"}, "total": {"type": "integer"}, "offset": {"type": "integer"},
              "notices": {"type": "array", "items": {"type": "string"}},
              "hits": {"type": "array", "items": {"type": "object", "required": ["rank", "path", "title", "score", "snippet", "highlights"], "properties": {
                "rank": {"type": "integer"}, "path": {"type": "string"}, "index": {"type": "string"}, "title": {"type": "string", "nullable": true}, "file": {"type": "string"}, "date": {"type": "string", "nullable": true}, "date_source": {"type": "string", "nullable": true}, "entities": {"type": "array", "items": {"type": "object", "required": ["entity", "type"], "properties": {"entity": {"type": "string"}, "type": {"type": "string"}}}}, "author": {"type": "string", "nullable": true}, "source": {"type": "string", "nullable": true},
                "score": {"type": "number"}, "snippet": {"type": "string"}, "highlights": {"type": "array", "items": {"$ref": "#/components/schemas/Highlight"}}}}}
            }
          },
          "Facets": {
            "type": "object", "required": ["query", "total", "entities", "dates", "sources", "folders"],
            "properties": {
              "query": {"type": "string"}, "total": {"type": "integer"},
              "dates": {"type": "object", "required": ["unit", "undated", "periods"], "properties": {"unit": {"type": "string", "enum": ["year", "month", "day"]}, "undated": {"type": "integer"}, "periods": {"type": "array", "items": {"type": "object", "required": ["period", "documents"], "properties": {"period": {"type": "string"}, "documents": {"type": "integer"}}}}}},
              "sources": {"type": "array", "items": {"type": "object", "required": ["source", "documents"], "properties": {"source": {"type": "string"}, "documents": {"type": "integer"}}}},
              "entities": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "object", "required": ["entity", "documents"], "properties": {"entity": {"type": "string"}, "documents": {"type": "integer"}}}}},
              "folders": {"type": "array", "items": {"type": "object", "required": ["folder", "documents"], "properties": {"folder": {"type": "string"}, "documents": {"type": "integer"}}}}
            }
          },
          "Document": {
            "type": "object", "required": ["path", "title", "text", "entities", "matches"],
            "properties": {
              "path": {"type": "string"}, "index": {"type": "string"}, "title": {"type": "string", "nullable": true}, "text": {"type": "string"},
              "entities": {"type": "array", "items": {"type": "object", "required": ["type", "text", "start", "end"], "properties": {"type": {"type": "string"}, "entity": {"type": "string"}, "text": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"}}}},
              "matches": {"type": "array", "items": {"type": "object", "required": ["start", "end"], "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}}}}
            }
          },
          "EntityEntry": {"type": "object", "required": ["entity", "type", "documents", "mentions", "aliases"], "properties": {"entity": {"type": "string"}, "type": {"type": "string"}, "documents": {"type": "integer"}, "mentions": {"type": "integer"}, "aliases": {"type": "array", "items": {"type": "string"}}}},
          "Entities": {"type": "object", "required": ["total", "entities"], "properties": {"total": {"type": "integer"}, "entities": {"type": "array", "items": {"$ref": "#/components/schemas/EntityEntry"}}}},
          "Occurrence": {
            "type": "object", "required": ["path", "title", "count", "mentions"],
            "properties": {
              "path": {"type": "string"}, "index": {"type": "string"}, "title": {"type": "string", "nullable": true}, "count": {"type": "integer"},
              "mentions": {"type": "array", "items": {"type": "object", "required": ["text", "line", "sentence", "start", "end"], "properties": {"text": {"type": "string"}, "line": {"type": "integer"}, "sentence": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"}}}}
            }
          },
          "Mentions": {
            "type": "object", "required": ["query", "ambiguous", "entities"],
            "properties": {
              "query": {"type": "string"}, "ambiguous": {"type": "boolean"},
              "entities": {"type": "array", "items": {"type": "object", "required": ["entity", "type", "aliases", "documents", "mentions", "occurrences"], "properties": {
                "entity": {"type": "string"}, "type": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}},
                "documents": {"type": "integer"}, "mentions": {"type": "integer"}, "occurrences": {"type": "array", "items": {"$ref": "#/components/schemas/Occurrence"}}}}}
            }
          },
          "Entity": {
            "type": "object", "required": ["query", "entity", "type", "aliases", "documents", "mentions", "offset", "others", "occurrences", "co_mentioned"],
            "properties": {
              "query": {"type": "string"}, "entity": {"type": "string"}, "type": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}},
              "documents": {"type": "integer"}, "mentions": {"type": "integer"}, "offset": {"type": "integer"},
              "others": {"type": "array", "items": {"type": "object", "required": ["entity", "type", "documents"], "properties": {"entity": {"type": "string"}, "type": {"type": "string"}, "documents": {"type": "integer"}}}},
              "occurrences": {"type": "array", "items": {"$ref": "#/components/schemas/Occurrence"}},
              "co_mentioned": {"type": "array", "items": {"type": "object", "required": ["entity", "type", "shared_documents", "llr"], "properties": {"entity": {"type": "string"}, "type": {"type": "string"}, "shared_documents": {"type": "integer", "minimum": 2}, "llr": {"type": "number", "minimum": 0}}}}
            }
          }
        }
      }
    }
    """#
}
