// dotnet run --project samples/ServeModel -- --Model out/model.zip --urls http://127.0.0.1:5080
// curl -X POST http://127.0.0.1:5080/predict -H 'Content-Type: application/json' \
//      -d '[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]'
await ServeModel.ServeModelApp.Create(args).RunAsync();
