"""Tests of the web page (`stancemap serve`). A package, so that its conftest is not imported as `conftest`."""
